/** The charts of the merchant portal and the finance console, in English: the source of their translations. */
export const charts = {
  title: 'Charts',
  /** The tabs that open the charts: Reports in the merchant portal, Charts in the finance console. */
  tabs: {
    reports: 'Reports',
    charts: 'Charts',
  },
  /** Every chart's frame (shared/charts). */
  figure: {
    showFigures: 'Show the figures',
    total: 'Total',
    /** said of a table row where a difference that should be 0 is not */
    flagged: 'not zero',
  },
  /** What a chart shows, in one sentence for screen readers (the canvas's label). */
  summary: {
    barChart: 'Bar chart',
    lineChart: 'Line chart',
    bars: '{{series}}: {{total}} in all, highest {{peak}} ({{at}})',
    line: '{{series}}: {{first}} on {{from}}, {{last}} on {{to}}',
    none: '{{series}}: none',
  },
  /** A report read from a replica that lags behind. */
  readFrom: 'Read from a copy of the database {{seconds}} s behind: the latest movements may be missing.',
  merchant: {
    title: 'Reports',
    heading: 'Reports',
    timeZone: 'Time zone',
    hour: 'Hour',
    day: 'Day',
    today: {
      heading: 'Today, hour by hour',
      amountCaption: 'Amounts paid and refunded, by hour',
      countCaption: 'Payments and refunds, by hour',
    },
    days: {
      heading: 'The last 30 days',
      amountCaption: 'Amounts paid and refunded, by day',
      countCaption: 'Payments and refunds, by day',
    },
    totals: {
      payments: 'Payments',
      amount: 'Amount',
      fees: 'Fees',
      refunds: 'Refunds',
      refunded: 'Refunded',
    },
    series: {
      amount: 'Amount paid',
      refunded: 'Refunded',
      payments: 'Payments',
      refunds: 'Refunds',
    },
  },
  finance: {
    title: 'Charts',
    heading: 'Charts',
    volume: {
      heading: 'Volume of the day',
      day: 'Day (UTC)',
      none: 'Nothing was paid, refunded, topped up or withdrawn that day.',
      countCaption: 'How many, by currency',
      amountCaption: 'How much',
      currency: 'Currency',
    },
    series: {
      payments: 'Payments',
      refunds: 'Refunds',
      topups: 'Top-ups',
      withdrawals: 'Withdrawals',
    },
    safeguarding: {
      heading: 'Safeguarding, the last 30 days',
      currency: 'Currency',
      caption: 'Safeguarding position at the end of each day (UTC)',
      day: 'Day',
      owed: 'Owed to people',
      bank: 'Bank',
      own: 'Own funds',
      difference: 'Difference',
      latest: 'At the end of the last day',
      allWell: 'The difference is 0 on every day: all is well.',
      notWell:
        'The difference is not 0 on some days (marked in the table): the ledger does not explain all of the bank balance. Run the reconciliation.',
    },
  },
};
