import { t } from '../shared/i18n';

/** The merchant portal: its name in titles (in the language shown), where it is mounted, where its API key is kept. */
export const appName = (): string => t('merchant:title');
export const BASE = '/merchant';
export const KEY = 'saoma.merchant.apiKey';
