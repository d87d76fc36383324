import type { Translation } from '../../shared/i18n/languages';
import type { finance as en } from './finance.en';

export const finance: Translation<typeof en> = {
  title: 'Console finance Saoma',
};
