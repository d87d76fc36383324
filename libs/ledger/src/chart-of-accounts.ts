import type { AccountSpec } from './ledger.types';

/**
 * The platform's accounts, one set per currency, created on first use.
 * Wallets are liabilities: the money in them is owed to their holders.
 */
export const PlatformAccount = {
  /** Money at the partner bank that backs every wallet. */
  bank: (currency: string): AccountSpec => ({
    code: `platform:bank:${currency}`,
    name: `Bank (${currency})`,
    type: 'asset',
    currency,
    allowNegative: true,
  }),
  /** Owed to merchants and consumers, sent to the bank, not yet confirmed by a statement. */
  payoutsInTransit: (currency: string): AccountSpec => ({
    code: `platform:payouts_in_transit:${currency}`,
    name: `Payouts in transit (${currency})`,
    type: 'liability',
    currency,
    allowNegative: true,
  }),
  feeRevenue: (currency: string): AccountSpec => ({
    code: `platform:fee_revenue:${currency}`,
    name: `Fee revenue (${currency})`,
    type: 'revenue',
    currency,
    allowNegative: true,
  }),
  /**
   * Transfers held for a phone not yet registered: owed to the recipient or,
   * after 7 days, back to the sender. Appended to (no floor), so no payment locks it.
   */
  transfersInTransit: (currency: string): AccountSpec => ({
    code: `platform:transfers_in_transit:${currency}`,
    name: `Transfers in transit (${currency})`,
    type: 'liability',
    currency,
    allowNegative: true,
  }),
  /** Red envelopes sent and not yet claimed or returned. */
  envelopesInTransit: (currency: string): AccountSpec => ({
    code: `platform:envelopes_in_transit:${currency}`,
    name: `Red envelopes in transit (${currency})`,
    type: 'liability',
    currency,
    allowNegative: true,
  }),
  /** Platform-funded discounts. */
  marketingExpense: (currency: string): AccountSpec => ({
    code: `platform:marketing_expense:${currency}`,
    name: `Marketing expense (${currency})`,
    type: 'expense',
    currency,
    allowNegative: true,
  }),
} as const;

export const WalletAccount = {
  consumer: (consumerId: string, currency: string): AccountSpec => ({
    code: `consumer:${consumerId}:${currency}`,
    name: `Consumer wallet ${consumerId} (${currency})`,
    type: 'liability',
    currency,
    ownerType: 'consumer',
    ownerId: consumerId,
    allowNegative: false,
  }),
  merchant: (merchantId: string, currency: string): AccountSpec => ({
    code: `merchant:${merchantId}:${currency}`,
    name: `Merchant ${merchantId} (${currency})`,
    type: 'liability',
    currency,
    ownerType: 'merchant',
    ownerId: merchantId,
    allowNegative: false,
  }),
} as const;

/** A stand-in for the n-th SQL expression while a code's template is rendered. */
// (characters of Unicode's private use area, which no id or currency code holds)
const slot = (n: number): string => `\uE000${n}\uE001`;
const SLOT = /\uE000(\d+)\uE001/;
const quote = (literal: string): string => `'${literal.replace(/'/g, "''")}'`;

/** A code rendered with slots, as SQL: its literal parts quoted, each slot the given expression as text. */
function codeSql(code: string, exprs: string[]): string {
  return code
    .split(SLOT)
    .map((part, i) => (i % 2 ? `(${exprs[Number(part)]})::text` : part && quote(part)))
    .filter(Boolean)
    .join(' || ');
}

/** A code rendered with slots, as a LIKE pattern that matches it whatever the slots hold. */
function codeLike(code: string): string {
  return quote(
    code
      .split(SLOT)
      .map((part, i) => (i % 2 ? '%' : part.replace(/[\\%_]/g, (c) => `\\${c}`)))
      .join(''),
  );
}

/**
 * The account codes above as SQL over a row's columns, for set-based
 * reports: rendered from the same templates, so a code's shape is written
 * once. Arguments are SQL expressions (column names), never input.
 */
export const AccountCodeSql = {
  bank: (currency: string) => codeSql(PlatformAccount.bank(slot(0)).code, [currency]),
  payoutsInTransit: (currency: string) => codeSql(PlatformAccount.payoutsInTransit(slot(0)).code, [currency]),
  feeRevenue: (currency: string) => codeSql(PlatformAccount.feeRevenue(slot(0)).code, [currency]),
  marketingExpense: (currency: string) => codeSql(PlatformAccount.marketingExpense(slot(0)).code, [currency]),
  transfersInTransit: (currency: string) => codeSql(PlatformAccount.transfersInTransit(slot(0)).code, [currency]),
  envelopesInTransit: (currency: string) => codeSql(PlatformAccount.envelopesInTransit(slot(0)).code, [currency]),
  consumer: (consumerId: string, currency: string) =>
    codeSql(WalletAccount.consumer(slot(0), slot(1)).code, [consumerId, currency]),
  merchant: (merchantId: string, currency: string) =>
    codeSql(WalletAccount.merchant(slot(0), slot(1)).code, [merchantId, currency]),
  /** LIKE patterns matching the account of every currency. */
  like: {
    feeRevenue: codeLike(PlatformAccount.feeRevenue(slot(0)).code),
    marketingExpense: codeLike(PlatformAccount.marketingExpense(slot(0)).code),
    platform: codeLike(PlatformAccount.bank(slot(0)).code.replace(/bank:.*/, slot(0))),
  },
} as const;
