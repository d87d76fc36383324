import { Injectable } from '@nestjs/common';
import { IdentityError } from '@saoma/identity';
import { DEBIT_NORMAL, type AccountType, WalletAccount } from '@saoma/ledger';
import { Money } from '@saoma/money';
import { ReadDatabase, type ReadFrom } from '@saoma/database';
import { FinanceReportsRepository, type StatementPostingRow } from './finance-reports.repository';
import { utcDay } from './report-dates';

/**
 * The ledger kind of the entry behind a line: `payment`, `refund`, `payout`
 * (the merchant's balance paid out to its bank), `payout_return` (a payout the
 * bank sent back), `reversal` (any entry that reverses another); an entry of
 * another kind appears under its ledger kind.
 */
export type MerchantStatementLineType = 'payment' | 'refund' | 'payout' | 'payout_return' | 'reversal' | (string & {});

export interface MerchantStatementLine {
  at: Date;
  type: MerchantStatementLineType;
  entryId: string;
  postingId: string;
  paymentId?: string;
  refundId?: string;
  payoutId?: string;
  codeId?: string;
  orderReference?: string;
  /** When the payment (or its refund) paid a bill. */
  billReference?: string;
  /** Unsigned: the payment's or the refund's amount; for other lines the amount moved. */
  amount: Money;
  /** Unsigned: the merchant-funded discount of a payment, or the part of it a refund gives back. */
  discount: Money;
  /** Unsigned: the fee of a payment, or the fee a refund gives back. */
  fee: Money;
  /** Signed: the change of the merchant's balance by this line (from its ledger posting). */
  net: Money;
  /** The balance right after this line. */
  balance: Money;
  /** The payer's pseudonym at this merchant (payments and refunds); never the consumer's identity. */
  payer?: string;
}

export interface MerchantStatement {
  merchantId: string;
  date: string;
  currency: string;
  /** The balance at the day's start: postings of entries effective before it. */
  openingBalance: Money;
  /** The balance at the day's end: opening plus the lines' net. */
  closingBalance: Money;
  lines: MerchantStatementLine[];
  /** Read from the primary or a replica (with its delay). */
  readFrom: ReadFrom;
}

/**
 * A merchant's UTC day, from the ledger postings on its wallet (the source of
 * truth for the balances), described by the payments and refunds they book.
 * Opening balance and lines are read from one snapshot, so Σ net = closing − opening.
 */
@Injectable()
export class MerchantStatementsService {
  constructor(
    private readonly read: ReadDatabase,
    private readonly repo: FinanceReportsRepository,
  ) {}

  async forDay(merchantId: string, date: string): Promise<MerchantStatement> {
    const day = utcDay(date);
    const readFrom = await this.read.readFrom();
    return this.read.source.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      const acc = await this.repo.merchantAccount(merchantId, (c) => WalletAccount.merchant(merchantId, c).code, em);
      if (!acc) throw new IdentityError('merchant_not_found', 'No such merchant.');
      const c = acc.currency;
      if (!acc.account_id) {
        const zero = Money.zero(c);
        return {
          merchantId,
          date: day.date,
          currency: c,
          openingBalance: zero,
          closingBalance: zero,
          lines: [],
          readFrom,
        };
      }
      const normal: 'D' | 'C' = DEBIT_NORMAL.has(acc.account_type as AccountType) ? 'D' : 'C';
      const opening = await this.repo.balanceBefore(acc.account_id, normal, day.start, em);
      const rows = await this.repo.statementPostings(acc.account_id, day.start, day.end, em);
      let balance = opening;
      const lines = rows.map((r) => {
        const net = r.side === normal ? BigInt(r.posted) : -BigInt(r.posted);
        balance += net;
        return lineOf(r, net, balance, c);
      });
      return {
        merchantId,
        date: day.date,
        currency: c,
        openingBalance: Money.of(opening, c),
        closingBalance: Money.of(balance, c),
        lines,
        readFrom,
      };
    });
  }
}

function lineOf(r: StatementPostingRow, net: bigint, balance: bigint, c: string): MerchantStatementLine {
  const m = (v: string | bigint | null) => Money.of(v === null ? 0n : BigInt(v), c);
  const merchantFunded = r.discount_funded_by === 'merchant';
  const reversal = r.reverses_entry_id !== null;
  let amount = m(net < 0n ? -net : net);
  let discount = m(0n);
  let fee = m(0n);
  if (!reversal && r.kind === 'payment' && r.payment_amount !== null) {
    amount = m(r.payment_amount);
    discount = m(merchantFunded ? r.payment_discount : 0n);
    fee = m(r.payment_fee);
  } else if (!reversal && r.kind === 'refund' && r.refund_amount !== null) {
    amount = m(r.refund_amount);
    discount = m(merchantFunded ? r.refund_discount_back : 0n);
    fee = m(r.refund_fee_back);
  }
  const line: MerchantStatementLine = {
    at: new Date(r.effective_at),
    type: reversal ? 'reversal' : r.kind,
    entryId: r.entry_id,
    postingId: r.posting_id,
    amount,
    discount,
    fee,
    net: m(net),
    balance: m(balance),
  };
  if (r.payment_id) line.paymentId = r.payment_id;
  if (r.refund_id) line.refundId = r.refund_id;
  if (r.payout_id) line.payoutId = r.payout_id;
  if (r.code_id) line.codeId = r.code_id;
  if (r.order_reference) line.orderReference = r.order_reference;
  if (r.bill_reference) line.billReference = r.bill_reference;
  if (r.payer) line.payer = r.payer;
  return line;
}
