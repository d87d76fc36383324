/** The consumer wallet in English: the source of its translations (their keys are these keys). */
export const app = {
  title: 'Saoma wallet',
};
