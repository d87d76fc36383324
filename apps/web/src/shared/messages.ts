/** What the fronts say for the refusals every form can meet; each front adds its own. */
export const COMMON_MESSAGES: Record<string, string> = {
  invalid_amount: 'Enter an amount such as 12.30.',
  validation_failed: 'Some fields are not filled in correctly.',
  network_error: 'The service could not be reached. Check the connection and try again.',
};
