import type { Translation } from '../../shared/i18n/languages';
import type { finance as en } from './finance.en';

export const finance: Translation<typeof en> = {
  title: '扫码财务控制台',
};
