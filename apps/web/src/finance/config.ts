/** The finance console: its name in titles, where it is mounted, where its API key is kept, its currencies. */
export const APP = 'Saoma finance console';
export const BASE = '/finance';
export const KEY = 'saoma.finance.apiKey';
export const CURRENCIES: Array<[string, string]> = ['CNY', 'EUR', 'USD', 'JPY', 'HKD'].map((c) => [c, c]);
