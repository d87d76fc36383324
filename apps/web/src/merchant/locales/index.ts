import type { Resource } from 'i18next';
import { charts as chartsEn } from '../../shared/locales/charts.en';
import { charts as chartsFr } from '../../shared/locales/charts.fr';
import { charts as chartsZh } from '../../shared/locales/charts.zh-Hans';
import { common as commonEn } from '../../shared/locales/common.en';
import { common as commonFr } from '../../shared/locales/common.fr';
import { common as commonZh } from '../../shared/locales/common.zh-Hans';
import { merchant as en } from './merchant.en';
import { merchant as fr } from './merchant.fr';
import { merchant as zh } from './merchant.zh-Hans';

/** The texts of this front in the three languages, bundled (no request at start). */
export const RESOURCES: Resource = {
  en: { common: commonEn, merchant: en, charts: chartsEn },
  fr: { common: commonFr, merchant: fr, charts: chartsFr },
  'zh-Hans': { common: commonZh, merchant: zh, charts: chartsZh },
};

export const NAMESPACES = ['common', 'merchant', 'charts'];
