import { t } from '../shared/i18n';
import { CURRENCY_CODES } from '../shared/money';

/** The finance console: its name in titles (in the language shown), where it is mounted, where its API key is kept, its currencies. */
export const appName = (): string => t('finance:title');
export const BASE = '/finance';
export const KEY = 'saoma.finance.apiKey';
/** Every currency the service supports, for the currency pickers. */
export const CURRENCIES: Array<[string, string]> = CURRENCY_CODES.map((c) => [c, c]);
