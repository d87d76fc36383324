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
