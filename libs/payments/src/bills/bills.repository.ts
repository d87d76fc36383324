import { Injectable } from '@nestjs/common';
import type { TimeIdKey } from '@saoma/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface BillRow {
  order_id: string;
  merchant_id: string;
  reference: string;
  amount: string;
  currency: string;
  due_date: string;
  description: string;
  payable_after_due: boolean;
  order_status: 'open' | 'paid' | 'expired' | 'cancelled';
  payment_id: string | null;
  code_id: string;
  payload: string;
  created_at: Date;
  id: string;
}

const COLUMNS = `b.order_id, b.order_id AS id, b.merchant_id, b.reference, o.amount::text AS amount, o.currency,
  b.due_date::text AS due_date, b.description, b.payable_after_due, o.status AS order_status, o.payment_id,
  o.code_id, c.payload, b.created_at`;
const FROM = `bills b JOIN orders o ON o.id = b.order_id JOIN qr_codes c ON c.id = o.code_id`;

/** Bills beside their orders and codes (migration Bills1765730000000). */
@Injectable()
export class BillsRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(
    b: {
      orderId: string;
      merchantId: string;
      reference: string;
      dueDate: string;
      description: string;
      payableAfterDue: boolean;
    },
    em: EntityManager,
  ): Promise<void> {
    await em.query(
      `INSERT INTO bills (order_id, merchant_id, reference, due_date, description, payable_after_due)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [b.orderId, b.merchantId, b.reference, b.dueDate, b.description, b.payableAfterDue],
    );
  }

  async find(merchantId: string, reference: string, em?: EntityManager): Promise<BillRow | undefined> {
    const rows: BillRow[] = await (em ?? this.ds).query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE b.merchant_id = $1 AND b.reference = $2`,
      [merchantId, reference],
    );
    return rows[0];
  }

  /** Whether this order is a bill's (a bill's order is not issued, cancelled or repeated as a plain order). */
  async isBill(orderId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM bills WHERE order_id = $1`, [orderId]);
    return rows.length > 0;
  }

  /** A merchant's bills, newest first, open (unpaid) or paid or both. */
  async list(
    merchantId: string,
    status: 'open' | 'paid' | null,
    before: TimeIdKey | null,
    limit: number,
  ): Promise<BillRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE b.merchant_id = $1
          AND ($2::text IS NULL OR ($2 = 'paid') = (o.status = 'paid'))
          AND ($3::timestamptz IS NULL OR (b.created_at, b.order_id) < ($3, $4::uuid))
        ORDER BY b.created_at DESC, b.order_id DESC LIMIT $5`,
      [merchantId, status, before?.createdAt ?? null, before?.id ?? null, limit],
    );
  }
}
