import type { Resource } from 'i18next';
import { charts as chartsEn } from '../../shared/locales/charts.en';
import { charts as chartsFr } from '../../shared/locales/charts.fr';
import { charts as chartsZh } from '../../shared/locales/charts.zh-Hans';
import { common as commonEn } from '../../shared/locales/common.en';
import { common as commonFr } from '../../shared/locales/common.fr';
import { common as commonZh } from '../../shared/locales/common.zh-Hans';
import { finance as en } from './finance.en';
import { finance as fr } from './finance.fr';
import { finance as zh } from './finance.zh-Hans';

/** The texts of this front in the three languages, bundled (no request at start). */
export const RESOURCES: Resource = {
  en: { common: commonEn, finance: en, charts: chartsEn },
  fr: { common: commonFr, finance: fr, charts: chartsFr },
  'zh-Hans': { common: commonZh, finance: zh, charts: chartsZh },
};

export const NAMESPACES = ['common', 'finance', 'charts'];
