/** The charts of the merchant portal and the finance console, in English: the source of their translations. */
export const charts = {
  title: 'Charts',
};
