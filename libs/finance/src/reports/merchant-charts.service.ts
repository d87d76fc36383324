import { Injectable } from '@nestjs/common';
import { IdentityError } from '@saoma/identity';
import { Money } from '@saoma/money';
import { ReadDatabase, type ReadFrom } from '@saoma/database';
import { ChartReportsRepository, type MerchantBucketRow } from './chart-reports.repository';
import { FinanceReportsError } from './finance-reports-error';
import { addDays, dayIn, isIanaTimeZone } from './time-zone';
import { isUtcDate } from '../utc-day';

/** The days a merchant's daily chart may span. */
export const MERCHANT_DAILY_MAX_DAYS = 90;
export const MERCHANT_DAILY_DEFAULT_DAYS = 30;

/** A merchant's payments and refunds in one bucket (an hour or a day of its time zone). */
export interface MerchantTakings {
  /** Payments made in the bucket. */
  payments: number;
  /** Gross: the amounts of those payments, before discounts and fees (what the payers were asked for). */
  amount: Money;
  /** Fees of those payments less the fees given back by the bucket's refunds. */
  fees: Money;
  /** Refunds made in the bucket (of payments of any time). */
  refunds: number;
  /** Their amounts. */
  refunded: Money;
}

export interface MerchantHourly {
  date: string;
  tz: string;
  currency: string;
  /** All 24 hours of the local day, 0..23. */
  hours: Array<MerchantTakings & { hour: number }>;
  readFrom: ReadFrom;
}

export interface MerchantDaily {
  tz: string;
  currency: string;
  from: string;
  to: string;
  /** Every local day from `from` to `to` (today), oldest first. */
  days: Array<MerchantTakings & { date: string }>;
  readFrom: ReadFrom;
}

function takings(r: MerchantBucketRow): MerchantTakings {
  const m = (v: string) => Money.ofMinor(v, r.currency);
  return {
    payments: Number(r.payments),
    amount: m(r.amount),
    fees: m(r.fees),
    refunds: Number(r.refunds),
    refunded: m(r.refunded),
  };
}

function checkZone(tz: string): void {
  if (!isIanaTimeZone(tz))
    throw new FinanceReportsError('invalid_time_zone', `${JSON.stringify(tz)} is no IANA time zone`);
}

/**
 * The merchant portal's charts: its own payments and refunds by hour of a
 * day and by day, in its time zone. One statement each, on the read database.
 */
@Injectable()
export class MerchantChartsService {
  constructor(
    private readonly repo: ChartReportsRepository,
    private readonly read: ReadDatabase,
  ) {}

  /** The hours of `date` (default: today in `tz`). */
  async hourly(merchantId: string, tz: string, date?: string, now = new Date()): Promise<MerchantHourly> {
    checkZone(tz);
    const day = date ?? dayIn(tz, now);
    if (!isUtcDate(day))
      throw new FinanceReportsError('invalid_report_date', `date must be a day YYYY-MM-DD, not ${JSON.stringify(day)}`);
    const readFrom = await this.read.readFrom();
    const rows = await this.repo.merchantBuckets(merchantId, tz, day, day, 'hour');
    if (!rows.length) throw new IdentityError('merchant_not_found', 'No such merchant.');
    return {
      date: day,
      tz,
      currency: rows[0].currency,
      hours: rows.map((r) => ({ hour: Number(r.bucket), ...takings(r) })),
      readFrom,
    };
  }

  /** The last `days` days in `tz`, today included. */
  async daily(
    merchantId: string,
    tz: string,
    days = MERCHANT_DAILY_DEFAULT_DAYS,
    now = new Date(),
  ): Promise<MerchantDaily> {
    checkZone(tz);
    if (!Number.isInteger(days) || days < 1 || days > MERCHANT_DAILY_MAX_DAYS)
      throw new FinanceReportsError('invalid_report_period', `days must be 1 to ${MERCHANT_DAILY_MAX_DAYS}`);
    const to = dayIn(tz, now);
    const from = addDays(to, -(days - 1));
    const readFrom = await this.read.readFrom();
    const rows = await this.repo.merchantBuckets(merchantId, tz, from, to, 'day');
    if (!rows.length) throw new IdentityError('merchant_not_found', 'No such merchant.');
    return {
      tz,
      currency: rows[0].currency,
      from,
      to,
      days: rows.map((r) => ({ date: String(r.bucket), ...takings(r) })),
      readFrom,
    };
  }
}
