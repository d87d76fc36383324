import { Injectable } from '@nestjs/common';
import { rowsOf } from '@saoma/database';
import { DataSource, type EntityManager } from 'typeorm';

export interface PaymentRow {
  id: string;
  consumer_id: string;
  merchant_id: string;
  code_id: string;
  order_id: string | null;
  token_jti: string;
  payer: string;
  currency: string;
  amount: string;
  discount: string;
  discount_funded_by: 'platform' | 'merchant' | null;
  promotion_id: string | null;
  charged: string;
  fee: string;
  refunded: string;
  refunded_to_consumer: string;
  fee_refunded: string;
  receipt: string;
  created_at: Date;
  order_reference?: string | null;
}

export interface RefundRow {
  id: string;
  payment_id: string;
  merchant_id: string;
  currency: string;
  amount: string;
  to_consumer: string;
  discount_back: string;
  fee_back: string;
  reason: string | null;
  created_at: Date;
}

@Injectable()
export class PaymentsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Record a payment and its payment.succeeded event (the outbox), in one
   * round trip, only while its code is still active at the merchant: no row
   * back means the code was disabled (or is not this merchant's).
   */
  async insertPaymentWithEvent(
    p: Omit<PaymentRow, 'refunded' | 'refunded_to_consumer' | 'fee_refunded'>,
    event: Record<string, unknown>,
    em: EntityManager,
  ): Promise<PaymentRow | undefined> {
    const rows: PaymentRow[] = await em.query(
      `WITH c AS (SELECT id FROM qr_codes WHERE id = $4 AND merchant_id = $3 AND status = 'active'),
            p AS (
              INSERT INTO payments (id, consumer_id, merchant_id, code_id, order_id, token_jti, payer, currency, amount, discount,
                                    discount_funded_by, promotion_id, charged, fee, receipt, created_at)
              SELECT $1, $2, $3, c.id, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16 FROM c
              RETURNING *),
            ev AS (INSERT INTO webhook_events (merchant_id, type, payload) SELECT $3, 'payment.succeeded', $17 FROM p RETURNING id)
       SELECT p.* FROM p, ev`,
      [p.id, p.consumer_id, p.merchant_id, p.code_id, p.order_id, p.token_jti, p.payer, p.currency, p.amount, p.discount,
        p.discount_funded_by, p.promotion_id, p.charged, p.fee, p.receipt, p.created_at, { type: 'payment.succeeded', data: event }],
    );
    return rows[0];
  }

  async findForConsumer(id: string, consumerId: string): Promise<PaymentRow | undefined> {
    const rows: PaymentRow[] = await this.ds.query(`SELECT * FROM payments WHERE id = $1 AND consumer_id = $2`, [id, consumerId]);
    return rows[0];
  }

  async findForMerchant(id: string, merchantId: string): Promise<PaymentRow | undefined> {
    const rows: PaymentRow[] = await this.ds.query(
      `SELECT p.*, o.reference AS order_reference FROM payments p LEFT JOIN orders o ON o.id = p.order_id WHERE p.id = $1 AND p.merchant_id = $2`,
      [id, merchantId],
    );
    return rows[0];
  }

  /** The payment, locked for a refund: refunds of one payment go one at a time. */
  async lockForRefund(id: string, merchantId: string, em: EntityManager): Promise<PaymentRow | undefined> {
    const rows: PaymentRow[] = await em.query(`SELECT * FROM payments WHERE id = $1 AND merchant_id = $2 FOR NO KEY UPDATE`, [id, merchantId]);
    return rows[0];
  }

  async addRefunded(id: string, amount: bigint, toConsumer: bigint, feeBack: bigint, em: EntityManager): Promise<void> {
    await em.query(
      `UPDATE payments SET refunded = refunded + $2, refunded_to_consumer = refunded_to_consumer + $3, fee_refunded = fee_refunded + $4 WHERE id = $1`,
      [id, amount.toString(), toConsumer.toString(), feeBack.toString()],
    );
  }

  async insertRefund(r: Omit<RefundRow, 'created_at'>, em: EntityManager): Promise<RefundRow> {
    const rows: RefundRow[] = await em.query(
      `INSERT INTO refunds (id, payment_id, merchant_id, currency, amount, to_consumer, discount_back, fee_back, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [r.id, r.payment_id, r.merchant_id, r.currency, r.amount, r.to_consumer, r.discount_back, r.fee_back, r.reason],
    );
    return rows[0];
  }

  async refundsOf(paymentIds: string[]): Promise<RefundRow[]> {
    if (!paymentIds.length) return [];
    return this.ds.query(`SELECT * FROM refunds WHERE payment_id = ANY($1::uuid[]) ORDER BY created_at, id`, [paymentIds]);
  }

  async listForMerchant(
    merchantId: string,
    range: { from: Date | null; to: Date | null },
    before: { createdAt: Date; id: string } | null,
    limit: number,
  ): Promise<PaymentRow[]> {
    return rowsOf<PaymentRow>(
      await this.ds.query(
        `SELECT p.*, o.reference AS order_reference FROM payments p LEFT JOIN orders o ON o.id = p.order_id
          WHERE p.merchant_id = $1
            AND ($2::timestamptz IS NULL OR p.created_at >= $2) AND ($3::timestamptz IS NULL OR p.created_at < $3)
            AND ($4::timestamptz IS NULL OR (p.created_at, p.id) < ($4::timestamptz, $5::uuid))
          ORDER BY p.created_at DESC, p.id DESC LIMIT $6`,
        [merchantId, range.from, range.to, before?.createdAt ?? null, before?.id ?? null, limit],
      ),
    );
  }

  async listForConsumer(consumerId: string): Promise<PaymentRow[]> {
    return this.ds.query(`SELECT * FROM payments WHERE consumer_id = $1 ORDER BY created_at DESC`, [consumerId]);
  }
}
