import { Injectable } from '@nestjs/common';
import { preparedQuery, rowsOf } from '@saoma/database';
import { DataSource, type EntityManager } from 'typeorm';

export interface CodeRow {
  id: string;
  merchant_id: string;
  kind: 'static' | 'dynamic';
  reference: string;
  label: string | null;
  amount: string | null;
  currency: string;
  status: 'active' | 'disabled';
  payload: string;
  created_at: Date;
  disabled_at: Date | null;
}

export interface OrderRow {
  id: string;
  merchant_id: string;
  code_id: string;
  reference: string;
  amount: string;
  currency: string;
  status: 'open' | 'paid' | 'expired' | 'cancelled';
  expires_at: Date;
  payment_id: string | null;
  created_at: Date;
  closed_at: Date | null;
  payload?: string;
}

/** An order with, when it is a bill's, what the bill adds. */
export interface OrderWithBillRow extends OrderRow {
  bill_due_date: string | null;
  bill_description: string | null;
  bill_payable_after_due: boolean | null;
}

type Q = Pick<EntityManager, 'query'>;
/** Merchant codes and orders. */
@Injectable()
export class CodesRepository {
  constructor(private readonly ds: DataSource) {}

  private q(em?: EntityManager): Q {
    return em ?? this.ds;
  }

  async insertCode(c: Omit<CodeRow, 'created_at' | 'disabled_at' | 'status'>, em?: EntityManager): Promise<CodeRow> {
    const rows: CodeRow[] = await this.q(em).query(
      `INSERT INTO qr_codes (id, merchant_id, kind, reference, label, amount, currency, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [c.id, c.merchant_id, c.kind, c.reference, c.label, c.amount, c.currency, c.payload],
    );
    return rows[0];
  }

  async findCode(id: string, merchantId: string): Promise<CodeRow | undefined> {
    const rows: CodeRow[] = await this.ds.query(`SELECT * FROM qr_codes WHERE id = $1 AND merchant_id = $2`, [
      id,
      merchantId,
    ]);
    return rows[0];
  }

  /** Every scan reads its code: a named statement, planned once per connection. */
  async findCodeByReference(reference: string): Promise<CodeRow | undefined> {
    const rows = await preparedQuery<CodeRow>(
      this.ds,
      'qr_code_by_reference',
      `SELECT * FROM qr_codes WHERE reference = $1`,
      [reference],
    );
    return rows[0];
  }

  async findCodeById(id: string, em?: EntityManager): Promise<CodeRow | undefined> {
    const rows: CodeRow[] = await this.q(em).query(`SELECT * FROM qr_codes WHERE id = $1`, [id]);
    return rows[0];
  }

  async listCodes(
    merchantId: string,
    before: { createdAt: Date; id: string } | null,
    limit: number,
  ): Promise<CodeRow[]> {
    return this.ds.query(
      `SELECT * FROM qr_codes WHERE merchant_id = $1 AND kind = 'static'
         AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [merchantId, before?.createdAt ?? null, before?.id ?? null, limit],
    );
  }

  async disableCode(id: string, merchantId: string): Promise<CodeRow | undefined> {
    const r = await this.ds.query(
      `UPDATE qr_codes SET status = 'disabled', disabled_at = coalesce(disabled_at, now())
        WHERE id = $1 AND merchant_id = $2 AND kind = 'static' RETURNING *`,
      [id, merchantId],
    );
    return rowsOf<CodeRow>(r)[0];
  }

  /** null when the merchant already has an order with this reference. */
  async insertOrder(
    o: {
      id: string;
      merchant_id: string;
      code_id: string;
      reference: string;
      amount: string;
      currency: string;
      expires_at: Date;
    },
    em: EntityManager,
  ): Promise<OrderRow | null> {
    const rows: OrderRow[] = await em.query(
      `INSERT INTO orders (id, merchant_id, code_id, reference, amount, currency, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (merchant_id, reference) DO NOTHING RETURNING *`,
      [o.id, o.merchant_id, o.code_id, o.reference, o.amount, o.currency, o.expires_at],
    );
    return rows[0] ?? null;
  }

  async findOrderById(id: string): Promise<OrderRow | undefined> {
    const rows: OrderRow[] = await this.ds.query(`SELECT * FROM orders WHERE id = $1`, [id]);
    return rows[0];
  }

  async findOrder(id: string, merchantId: string): Promise<OrderRow | undefined> {
    const rows: OrderRow[] = await this.ds.query(
      `SELECT o.*, c.payload FROM orders o JOIN qr_codes c ON c.id = o.code_id WHERE o.id = $1 AND o.merchant_id = $2`,
      [id, merchantId],
    );
    return rows[0];
  }

  async findOrderByReference(merchantId: string, reference: string): Promise<OrderRow | undefined> {
    const rows: OrderRow[] = await this.ds.query(
      `SELECT o.*, c.payload FROM orders o JOIN qr_codes c ON c.id = o.code_id WHERE o.merchant_id = $1 AND o.reference = $2`,
      [merchantId, reference],
    );
    return rows[0];
  }

  async findOrderByCode(codeId: string, em?: EntityManager): Promise<OrderWithBillRow | undefined> {
    const rows: OrderWithBillRow[] = await this.q(em).query(
      `SELECT o.*, b.due_date::text AS bill_due_date, b.description AS bill_description,
              b.payable_after_due AS bill_payable_after_due
         FROM orders o LEFT JOIN bills b ON b.order_id = o.id WHERE o.code_id = $1`,
      [codeId],
    );
    return rows[0];
  }

  /** open → paid, only while open and not expired, checked under the row lock at payment time. */
  async markOrderPaid(orderId: string, paymentId: string, em: EntityManager): Promise<boolean> {
    const r = await em.query(
      `UPDATE orders SET status = 'paid', payment_id = $2, closed_at = now()
        WHERE id = $1 AND status = 'open' AND expires_at > clock_timestamp() RETURNING id`,
      [orderId, paymentId],
    );
    return rowsOf(r).length === 1;
  }

  async cancelOrder(id: string, merchantId: string, em: EntityManager): Promise<OrderRow | undefined> {
    const r = await em.query(
      `UPDATE orders SET status = 'cancelled', closed_at = now()
        WHERE id = $1 AND merchant_id = $2 AND status = 'open' AND expires_at > clock_timestamp() RETURNING *`,
      [id, merchantId],
    );
    return rowsOf<OrderRow>(r)[0];
  }

  /** Orders whose time ran out become expired (set-based); returns them for their events. */
  async expireDue(em: EntityManager, limit = 1000): Promise<OrderRow[]> {
    const r = await em.query(
      `UPDATE orders SET status = 'expired', closed_at = expires_at
        WHERE id IN (SELECT id FROM orders o WHERE status = 'open' AND expires_at <= clock_timestamp()
                        AND NOT EXISTS (SELECT 1 FROM bills b WHERE b.order_id = o.id) -- an unpaid bill stays open
                     ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [limit],
    );
    return rowsOf<OrderRow>(r);
  }

  async expireOne(id: string, em: EntityManager): Promise<OrderRow | undefined> {
    const r = await em.query(
      `UPDATE orders SET status = 'expired', closed_at = expires_at
        WHERE id = $1 AND status = 'open' AND expires_at <= clock_timestamp()
          AND NOT EXISTS (SELECT 1 FROM bills b WHERE b.order_id = orders.id) RETURNING *`,
      [id],
    );
    return rowsOf<OrderRow>(r)[0];
  }
}
