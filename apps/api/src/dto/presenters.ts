import type { Consumer, Merchant } from '@saoma/identity';
import type { Topup, WalletStatementLine, WalletView, Withdrawal } from '@saoma/payments';
import type { ConsumerDto, MerchantDto } from './identity.dto';
import type { TopupDto, TransactionDto, WalletDto, WithdrawalDto } from './money.dto';

/** Domain objects → the contract's JSON. Money leaves as strings with exactly the minor digits. */
export const present = {
  consumer: (c: Consumer): ConsumerDto => ({ id: c.id, name: c.name, phone: c.phone }),
  merchant: (m: Merchant): MerchantDto => ({
    id: m.id,
    name: m.name,
    city: m.city,
    countryCode: m.countryCode,
    mcc: m.mcc,
    currency: m.currency,
    feeRate: m.feeRate,
    webhookUrl: m.webhookUrl,
  }),
  topup: (t: Topup): TopupDto => ({
    id: t.id,
    consumerId: t.consumerId,
    amount: t.amount.format(),
    currency: t.amount.currency,
    bankReference: t.bankReference,
    createdAt: t.createdAt.toISOString(),
  }),
  withdrawal: (w: Withdrawal): WithdrawalDto => ({
    id: w.id,
    status: w.status,
    amount: w.amount.format(),
    currency: w.amount.currency,
    endToEndReference: w.endToEndReference,
    createdAt: w.createdAt.toISOString(),
  }),
  wallet: (w: WalletView): WalletDto => ({ currency: w.currency, balance: w.balance.format() }),
  transaction: (l: WalletStatementLine): TransactionDto => ({
    id: l.id,
    type: l.type,
    amount: l.amount.format(),
    currency: l.amount.currency,
    ...(l.merchant ? { merchant: l.merchant } : {}),
    ...(l.paymentId ? { paymentId: l.paymentId } : {}),
    createdAt: l.createdAt.toISOString(),
  }),
};
