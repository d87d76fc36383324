import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface PromotionRow {
  id: string;
  merchant_id: string;
  funded_by: 'platform' | 'merchant';
  percent_off: string | null;
  amount_off: string | null;
  min_spend: string | null;
  max_discount: string | null;
  starts_at: Date;
  ends_at: Date;
  budget: string | null;
  spent: string;
  currency: string;
  created_at: Date;
}

@Injectable()
export class PromotionsRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(p: Omit<PromotionRow, 'id' | 'spent' | 'created_at'>): Promise<PromotionRow> {
    const rows: PromotionRow[] = await this.ds.query(
      `INSERT INTO promotions (merchant_id, funded_by, percent_off, amount_off, min_spend, max_discount, starts_at, ends_at, budget, currency)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [
        p.merchant_id,
        p.funded_by,
        p.percent_off,
        p.amount_off,
        p.min_spend,
        p.max_discount,
        p.starts_at,
        p.ends_at,
        p.budget,
        p.currency,
      ],
    );
    return rows[0];
  }

  /** A merchant's promotions that have not ended yet. */
  async notEnded(merchantId: string): Promise<PromotionRow[]> {
    return this.ds.query(`SELECT * FROM promotions WHERE merchant_id = $1 AND ends_at > now()`, [merchantId]);
  }

  /** Promotions running now at a merchant with budget left. */
  async running(merchantId: string): Promise<PromotionRow[]> {
    return this.ds.query(
      `SELECT * FROM promotions
        WHERE merchant_id = $1 AND starts_at <= now() AND ends_at > now() AND (budget IS NULL OR spent < budget)
        ORDER BY created_at`,
      [merchantId],
    );
  }

  /** A refund gives the refunded share of the discount back to the budget. */
  async release(id: string, amount: bigint, em: EntityManager): Promise<void> {
    await em.query(`UPDATE promotions SET spent = greatest(spent - $2, 0) WHERE id = $1`, [id, amount.toString()]);
  }
}
