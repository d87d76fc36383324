import type { Translation } from '../i18n/languages';
import type { common as en } from './common.en';

export const common: Translation<typeof en> = {
  brand: 'Saoma',
  skipToContent: 'Aller au contenu',
  loading: 'Chargement…',
  copied: 'Copié',
  sections: 'Rubriques',
  signIn: 'Se connecter',
  signOut: 'Se déconnecter',
  checking: 'Vérification…',
  table: 'Tableau',
  downloadCsv: 'Télécharger le CSV',
  language: { label: 'Langue' },
  errors: {
    invalid_amount: 'Saisissez un montant, par exemple 12.30.',
    validation_failed: 'Certains champs ne sont pas remplis correctement.',
    network_error: 'Le service est injoignable. Vérifiez la connexion et réessayez.',
    other: 'Le service a refusé ({{code}}).',
  },
};
