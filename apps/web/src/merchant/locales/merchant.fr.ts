import type { Translation } from '../../shared/i18n/languages';
import type { merchant as en } from './merchant.en';

export const merchant: Translation<typeof en> = {
  title: 'Portail marchand Saoma',
};
