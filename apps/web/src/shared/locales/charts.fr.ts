import type { Translation } from '../i18n/languages';
import type { charts as en } from './charts.en';

export const charts: Translation<typeof en> = {
  title: 'Graphiques',
};
