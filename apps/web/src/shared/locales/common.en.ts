/** What every front says, in English: the source of the translations (their keys are these keys). */
export const common = {
  brand: 'Saoma',
  skipToContent: 'Skip to content',
  loading: 'Loading…',
  copied: 'Copied',
  sections: 'Sections',
  signIn: 'Sign in',
  signOut: 'Sign out',
  checking: 'Checking…',
  table: 'Table',
  downloadCsv: 'Download CSV',
  language: { label: 'Language' },
  errors: {
    invalid_amount: 'Enter an amount such as 12.30.',
    validation_failed: 'Some fields are not filled in correctly.',
    network_error: 'The service could not be reached. Check the connection and try again.',
    other: 'The service refused this ({{code}}).',
  },
};
