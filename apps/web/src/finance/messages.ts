import { t } from '../shared/i18n';
import { commonMessages } from '../shared/messages';

/** What each refusal of the API means to the finance operator, in the language shown (read at each render). */
export function financeMessages(): Record<string, string> {
  return {
    ...commonMessages(),
    unauthorized: t('finance:messages.unauthorized'),
    forbidden: t('finance:messages.forbidden'),
    not_found: t('finance:messages.not_found'),
  };
}
