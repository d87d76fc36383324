import { t } from './i18n';

/** What the fronts say for the refusals every form can meet, in the language shown; each front adds its own. */
export function commonMessages(): Record<string, string> {
  return {
    invalid_amount: t('common:errors.invalid_amount'),
    validation_failed: t('common:errors.validation_failed'),
    network_error: t('common:errors.network_error'),
  };
}
