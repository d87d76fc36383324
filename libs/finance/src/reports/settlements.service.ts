import { Injectable } from '@nestjs/common';
import { Money, currencyOf } from '@saoma/money';
import { FinanceReportsRepository } from './finance-reports.repository';
import { utcDay } from './report-dates';
import { ReadDatabase, type ReadFrom } from '@saoma/database';

export interface SettlementLine {
  merchantId: string;
  merchantName: string;
  /** Payments made that day. */
  paymentCount: number;
  /** Amounts of that day's payments. */
  gross: Money;
  /**
   * The merchant-funded part of the discounts of that day's payments, less the
   * merchant-funded discount given back by that day's refunds (it may be
   * negative on a day with such refunds and no discounted payment).
   */
  discounts: Money;
  /** Amounts of the refunds made that day (of payments of any day). */
  refunds: Money;
  /** Fees of that day's payments less the fees given back by that day's refunds. */
  fees: Money;
  /** gross − discounts − refunds − fees: the change of the merchant's balance from that day's payments and refunds. */
  net: Money;
}

export interface Settlements {
  date: string;
  currency: string;
  /** Merchants with a payment or a refund that day, by merchant id. */
  lines: SettlementLine[];
  /** Read from the primary or a replica (with its delay). */
  readFrom: ReadFrom;
}

/** Settlements per merchant per UTC day: one set-based query over the day's payments and refunds. */
@Injectable()
export class SettlementsService {
  constructor(
    private readonly repo: FinanceReportsRepository,
    private readonly read: ReadDatabase,
  ) {}

  async forDay(date: string, currency: string): Promise<Settlements> {
    const day = utcDay(date);
    const c = currencyOf(currency).code;
    const readFrom = await this.read.readFrom();
    const rows = await this.repo.settlements(c, day.start, day.end);
    const m = (v: string) => Money.ofMinor(v, c);
    return {
      date: day.date,
      currency: c,
      lines: rows.map((r) => ({
        merchantId: r.merchant_id,
        merchantName: r.merchant_name,
        paymentCount: Number(r.payment_count),
        gross: m(r.gross),
        discounts: m(r.discounts),
        refunds: m(r.refunds),
        fees: m(r.fees),
        net: m(r.net),
      })),
      readFrom,
    };
  }
}
