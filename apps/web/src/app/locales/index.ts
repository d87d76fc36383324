import type { Resource } from 'i18next';
import { common as commonEn } from '../../shared/locales/common.en';
import { common as commonFr } from '../../shared/locales/common.fr';
import { common as commonZh } from '../../shared/locales/common.zh-Hans';
import { app as en } from './app.en';
import { app as fr } from './app.fr';
import { app as zh } from './app.zh-Hans';

/** The texts of this front in the three languages, bundled (no request at start). */
export const RESOURCES: Resource = {
  en: { common: commonEn, app: en },
  fr: { common: commonFr, app: fr },
  'zh-Hans': { common: commonZh, app: zh },
};

export const NAMESPACES = ['common', 'app'];
