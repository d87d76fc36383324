import 'i18next';
import type { app } from '../../app/locales/app.en';
import type { finance } from '../../finance/locales/finance.en';
import type { merchant } from '../../merchant/locales/merchant.en';
import type { charts } from '../locales/charts.en';
import type { common } from '../locales/common.en';

// t('ns:key') is checked against the English texts: a key no front has is a type error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: {
      common: typeof common;
      app: typeof app;
      merchant: typeof merchant;
      finance: typeof finance;
      charts: typeof charts;
    };
    returnNull: false;
  }
}
