import type { Translation } from '../i18n/languages';
import type { charts as en } from './charts.en';

export const charts: Translation<typeof en> = {
  title: 'Graphiques',
  tabs: {
    reports: 'Rapports',
    charts: 'Graphiques',
  },
  figure: {
    showFigures: 'Afficher les chiffres',
    total: 'Total',
    flagged: 'non nul',
  },
  summary: {
    barChart: 'Graphique en barres',
    lineChart: 'Graphique en courbes',
    bars: '{{series}} : {{total}} au total, au plus haut {{peak}} ({{at}})',
    line: '{{series}} : {{first}} le {{from}}, {{last}} le {{to}}',
    none: '{{series}} : aucun',
  },
  readFrom:
    'Lu sur une copie de la base de données en retard de {{seconds}} s : les derniers mouvements peuvent manquer.',
  merchant: {
    title: 'Rapports',
    heading: 'Rapports',
    timeZone: 'Fuseau horaire',
    hour: 'Heure',
    day: 'Jour',
    today: {
      heading: 'Aujourd’hui, heure par heure',
      amountCaption: 'Montants payés et remboursés, par heure',
      countCaption: 'Paiements et remboursements, par heure',
    },
    days: {
      heading: 'Les 30 derniers jours',
      amountCaption: 'Montants payés et remboursés, par jour',
      countCaption: 'Paiements et remboursements, par jour',
    },
    totals: {
      payments: 'Paiements',
      amount: 'Montant',
      fees: 'Frais',
      refunds: 'Remboursements',
      refunded: 'Remboursé',
    },
    series: {
      amount: 'Montant payé',
      refunded: 'Remboursé',
      payments: 'Paiements',
      refunds: 'Remboursements',
    },
  },
  finance: {
    title: 'Graphiques',
    heading: 'Graphiques',
    volume: {
      heading: 'Volume de la journée',
      day: 'Jour (UTC)',
      none: 'Aucun paiement, remboursement, rechargement ni retrait ce jour-là.',
      countCaption: 'Combien, par devise',
      amountCaption: 'Montants',
      currency: 'Devise',
    },
    series: {
      payments: 'Paiements',
      refunds: 'Remboursements',
      topups: 'Rechargements',
      withdrawals: 'Retraits',
    },
    safeguarding: {
      heading: 'Cantonnement des fonds, les 30 derniers jours',
      currency: 'Devise',
      caption: 'Position de cantonnement à la fin de chaque jour (UTC)',
      day: 'Jour',
      owed: 'Dû aux personnes',
      bank: 'Banque',
      own: 'Fonds propres',
      difference: 'Écart',
      latest: 'À la fin du dernier jour',
      allWell: 'L’écart est nul chaque jour : tout va bien.',
      notWell:
        'L’écart n’est pas nul certains jours (marqués dans le tableau) : le grand livre n’explique pas tout le solde bancaire. Lancez le rapprochement.',
    },
  },
};
