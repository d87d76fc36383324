import type { Translation } from '../../shared/i18n/languages';
import type { app as en } from './app.en';

export const app: Translation<typeof en> = {
  title: 'Portefeuille Saoma',
};
