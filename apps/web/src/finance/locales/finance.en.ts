/** The finance console in English: the source of its translations (their keys are these keys). */
export const finance = {
  title: 'Saoma finance console',
};
