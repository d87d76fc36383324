import { commonMessages } from '../shared/messages';

/** What each refusal of the API means to the finance operator. */
export const MESSAGES: Record<string, string> = {
  ...commonMessages(),
  unauthorized: 'This operator key is not valid.',
  forbidden: 'This key is not an operator key with access to finance.',
  not_found: 'Not found. (If this is a report, it may not be available on this server yet.)',
};
