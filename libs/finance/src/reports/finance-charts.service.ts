import { Injectable } from '@nestjs/common';
import { Money, currencyOf } from '@saoma/money';
import { ReadDatabase, type ReadFrom } from '@saoma/database';
import { ChartReportsRepository } from './chart-reports.repository';
import { FinanceReportsError } from './finance-reports-error';
import { utcDay } from './report-dates';
import { addDays } from './time-zone';

export const SAFEGUARDING_MAX_DAYS = 90;
export const SAFEGUARDING_DEFAULT_DAYS = 30;

/** One currency's money movements of a UTC day. */
export interface CurrencyVolume {
  currency: string;
  payments: number;
  /** Gross amounts of the day's payments. */
  paymentAmount: Money;
  refunds: number;
  refundAmount: Money;
  topups: number;
  topupAmount: Money;
  /** Withdrawals asked for that day, whatever became of them since. */
  withdrawals: number;
  withdrawalAmount: Money;
}

export interface Volume {
  date: string;
  /** Currencies with any payment, refund, top-up or withdrawal that day, by code. */
  currencies: CurrencyVolume[];
  readFrom: ReadFrom;
}

/** The safeguarding position at the end of one UTC day. */
export interface SafeguardingDay {
  date: string;
  /** consumerFunds + merchantFunds + heldForPeople + inTransit: what the platform owes people. */
  customerFunds: Money;
  consumerFunds: Money;
  merchantFunds: Money;
  /** Transfers waiting for a phone and red envelopes not yet claimed or returned. */
  heldForPeople: Money;
  /** Payouts and withdrawals sent to the bank, not yet confirmed by it. */
  inTransit: Money;
  /** The ledger's bank account. */
  bankBalance: Money;
  /** The platform's own result: fee revenue − marketing expense ± any other account. */
  ownFunds: Money;
  /** bankBalance − customerFunds − ownFunds: unexplained, 0 when all is well (the reconciliation's `difference`). */
  difference: Money;
}

export interface Safeguarding {
  currency: string;
  from: string;
  to: string;
  /** Every UTC day from `from` to `to` (today), oldest first. */
  days: SafeguardingDay[];
  readFrom: ReadFrom;
}

const todayUtc = (now: Date) => now.toISOString().slice(0, 10);

/** The finance console's charts: the day's volume by currency, the safeguarding position day by day. */
@Injectable()
export class FinanceChartsService {
  constructor(
    private readonly repo: ChartReportsRepository,
    private readonly read: ReadDatabase,
  ) {}

  /** The payments, refunds, top-ups and withdrawals of one UTC day (default today), per currency. */
  async volume(date?: string, now = new Date()): Promise<Volume> {
    const day = utcDay(date ?? todayUtc(now));
    const readFrom = await this.read.readFrom();
    const rows = await this.repo.volume(day.start, day.end);
    return {
      date: day.date,
      currencies: rows.map((r) => {
        const m = (v: string) => Money.ofMinor(v, r.currency);
        return {
          currency: r.currency,
          payments: Number(r.payments),
          paymentAmount: m(r.payment_amount),
          refunds: Number(r.refunds),
          refundAmount: m(r.refund_amount),
          topups: Number(r.topups),
          topupAmount: m(r.topup_amount),
          withdrawals: Number(r.withdrawals),
          withdrawalAmount: m(r.withdrawal_amount),
        };
      }),
      readFrom,
    };
  }

  /** The position at the end of each of the last `days` UTC days, today included (its end: as of now). */
  async safeguarding(currency: string, days = SAFEGUARDING_DEFAULT_DAYS, now = new Date()): Promise<Safeguarding> {
    const c = currencyOf(currency).code;
    if (!Number.isInteger(days) || days < 1 || days > SAFEGUARDING_MAX_DAYS)
      throw new FinanceReportsError('invalid_report_period', `days must be 1 to ${SAFEGUARDING_MAX_DAYS}`);
    const to = todayUtc(now);
    const from = addDays(to, -(days - 1));
    const readFrom = await this.read.readFrom();
    const rows = await this.repo.safeguarding(c, from, to);
    return {
      currency: c,
      from,
      to,
      days: rows.map((r) => {
        const consumers = BigInt(r.consumers);
        const merchants = BigInt(r.merchants);
        const held = BigInt(r.held_for_people);
        const transit = BigInt(r.in_transit);
        const bank = BigInt(r.bank);
        const own = BigInt(r.own);
        const customer = consumers + merchants + held + transit;
        const m = (v: bigint) => Money.of(v, c);
        return {
          date: r.date,
          customerFunds: m(customer),
          consumerFunds: m(consumers),
          merchantFunds: m(merchants),
          heldForPeople: m(held),
          inTransit: m(transit),
          bankBalance: m(bank),
          ownFunds: m(own),
          difference: m(bank - customer - own),
        };
      }),
      readFrom,
    };
  }
}
