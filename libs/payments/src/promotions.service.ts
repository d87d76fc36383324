import { Injectable } from '@nestjs/common';
import { MerchantsService } from '@saoma/identity';
import { Decimal, Money, parseRate } from '@saoma/money';
import type { EntityManager } from 'typeorm';
import { PaymentsError } from './payments-error';
import { type PromotionRow, PromotionsRepository } from './promotions.repository';

export interface Promotion {
  id: string;
  merchantId: string;
  fundedBy: 'platform' | 'merchant';
  percentOff: string | null;
  amountOff: Money | null;
  minSpend: Money | null;
  maxDiscount: Money | null;
  startsAt: Date;
  endsAt: Date;
  budget: Money | null;
  spent: Money;
  currency: string;
}

export interface AppliedDiscount {
  promotionId: string;
  fundedBy: 'platform' | 'merchant';
  discount: Money;
}

function toPromotion(r: PromotionRow): Promotion {
  const m = (v: string | null) => (v === null ? null : Money.ofMinor(v, r.currency));
  return {
    id: r.id,
    merchantId: r.merchant_id,
    fundedBy: r.funded_by,
    percentOff: r.percent_off === null ? null : new Decimal(r.percent_off).toString(),
    amountOff: m(r.amount_off),
    minSpend: m(r.min_spend),
    maxDiscount: m(r.max_discount),
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    budget: m(r.budget),
    spent: Money.ofMinor(r.spent, r.currency),
    currency: r.currency,
  };
}

/** What a promotion takes off an amount (0 below the minimum spend), never more than the amount. */
export function discountFor(p: Promotion, amount: Money): Money {
  if (p.minSpend && amount.cmp(p.minSpend) < 0) return Money.zero(amount.currency);
  let d = p.percentOff !== null ? amount.times(new Decimal(p.percentOff).div(100)) : p.amountOff!;
  if (p.maxDiscount) d = d.min(p.maxDiscount);
  return d.min(amount);
}

/** Which promotions a merchant has is read on every payment; the budget itself is always checked in the database. */
const LIST_CACHE_MS = 5_000;

@Injectable()
export class PromotionsService {
  private readonly lists = new Map<string, { rows: PromotionRow[]; until: number }>();

  constructor(
    private readonly repo: PromotionsRepository,
    private readonly merchants: MerchantsService,
  ) {}

  /** The merchant's promotions that have not ended (cached briefly), for the quick "is there any?" test. */
  private async current(merchantId: string): Promise<PromotionRow[]> {
    const hit = this.lists.get(merchantId);
    if (hit && hit.until > Date.now()) return hit.rows;
    const rows = await this.repo.notEnded(merchantId);
    if (this.lists.size > 50_000) this.lists.clear();
    this.lists.set(merchantId, { rows, until: Date.now() + LIST_CACHE_MS });
    return rows;
  }

  private async running(merchantId: string): Promise<Promotion[]> {
    const now = Date.now();
    const any = (await this.current(merchantId)).some(
      (r) => new Date(r.starts_at).getTime() <= now && new Date(r.ends_at).getTime() > now,
    );
    // only when one may run, read them with their spent budget
    return any ? (await this.repo.running(merchantId)).map(toPromotion) : [];
  }

  async create(input: {
    merchantId: string;
    fundedBy: 'platform' | 'merchant';
    percentOff?: string;
    amountOff?: string;
    minSpend?: string;
    maxDiscount?: string;
    startsAt: string;
    endsAt: string;
    budget?: string;
  }): Promise<Promotion> {
    const m = await this.merchants.get(input.merchantId);
    if ((input.percentOff === undefined) === (input.amountOff === undefined)) {
      throw new PaymentsError('invalid_promotion', 'Give exactly one of percentOff and amountOff.');
    }
    let percent: Decimal | null = null;
    if (input.percentOff !== undefined) {
      try {
        percent = parseRate(input.percentOff, { max: new Decimal(100) });
      } catch {
        throw new PaymentsError(
          'invalid_promotion',
          'percentOff must be a decimal string above 0 and at most 100, such as "10".',
        );
      }
      if (percent.lte(0) || percent.decimalPlaces() > 4)
        throw new PaymentsError('invalid_promotion', 'percentOff must be above 0 with at most 4 decimals.');
    }
    const money = (v?: string) => (v === undefined ? null : Money.parse(v, m.currency).minor.toString());
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (!(startsAt < endsAt)) throw new PaymentsError('invalid_date_range', 'startsAt must be before endsAt.');
    const row = await this.repo.insert({
      merchant_id: m.id,
      funded_by: input.fundedBy,
      percent_off: percent === null ? null : percent.toString(),
      amount_off: money(input.amountOff),
      min_spend: money(input.minSpend),
      max_discount: money(input.maxDiscount),
      starts_at: startsAt,
      ends_at: endsAt,
      budget: money(input.budget),
      currency: m.currency,
    });
    this.lists.delete(m.id);
    return toPromotion(row);
  }

  /** The best running promotion's discount (read only: what a scan shows). */
  async preview(merchantId: string, amount: Money): Promise<AppliedDiscount | null> {
    return (await this.candidates(merchantId, amount))[0] ?? null;
  }

  /**
   * The discounts the merchant's running promotions would give, best first,
   * for the payment to try in that order: its statement reserves the budget
   * by a conditional update, so concurrent payments never overspend it, and
   * one that finds it spent tries the next, or pays in full.
   */
  async candidates(merchantId: string, amount: Money): Promise<AppliedDiscount[]> {
    return (await this.running(merchantId))
      .filter((p) => p.currency === amount.currency)
      .map((p) => ({
        promotionId: p.id,
        fundedBy: p.fundedBy,
        discount: discountFor(p, amount),
        budgetLeft: p.budget?.sub(p.spent),
      }))
      .filter((x) => x.discount.isPositive() && (!x.budgetLeft || x.discount.cmp(x.budgetLeft) <= 0))
      .sort((a, b) => b.discount.cmp(a.discount))
      .map(({ promotionId, fundedBy, discount }) => ({ promotionId, fundedBy, discount }));
  }

  release(promotionId: string, amount: Money, em: EntityManager): Promise<void> {
    return this.repo.release(promotionId, amount.minor, em);
  }
}
