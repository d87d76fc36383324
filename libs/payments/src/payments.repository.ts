import { Injectable } from '@nestjs/common';
import { preparedQuery, rowsOf } from '@saoma/database';
import { type IdempotencyRecord, recordArgs } from '@saoma/idempotency';
import type { PostCall } from '@saoma/ledger';
import { DataSource, type EntityManager } from 'typeorm';

export interface PaymentRow {
  id: string;
  consumer_id: string;
  merchant_id: string;
  /** null for a charge's payment (the till scanned the consumer's code): token_jti is then 'charge:<charge id>'. */
  code_id: string | null;
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
  bill_reference?: string | null;
}

export type NewPaymentRow = Omit<
  PaymentRow,
  'refunded' | 'refunded_to_consumer' | 'fee_refunded' | 'order_reference' | 'bill_reference'
>;

export interface PayOutcome {
  status: 'paid' | 'in_use' | 'replay';
  request_hash: string | null;
  response_status: number | null;
  response_body: string | null;
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
   * A payment in one call of payments_pay() (migration
   * PaymentInOneCall1765100000000): the idempotency record, the order, the
   * promotion's budget, the payment, its event and its ledger entry, in one
   * statement and one commit. Refusals come back as errors with their
   * SQLSTATE; 'in_use' and 'replay' as the claim of the key.
   */
  async pay(
    p: NewPaymentRow,
    event: Record<string, unknown>,
    record: IdempotencyRecord,
    entry: PostCall,
    waitForKey: boolean,
    em?: EntityManager,
  ): Promise<PayOutcome> {
    const rows = await preparedQuery<PayOutcome>(
      em ?? this.ds,
      'payments_pay',
      `SELECT status, request_hash, response_status, response_body
         FROM payments_pay($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
                           $23, $24, $25, $26, $27, $28, $29, $30, $31)`,
      [
        ...recordArgs(record),
        p.id,
        p.consumer_id,
        p.merchant_id,
        p.code_id,
        p.order_id,
        p.token_jti,
        p.payer,
        p.currency,
        p.amount,
        p.discount,
        p.discount_funded_by,
        p.promotion_id,
        p.charged,
        p.fee,
        p.receipt,
        p.created_at,
        { type: 'payment.succeeded', data: event },
        entry.kind,
        entry.reference,
        entry.contentHash,
        entry.metadata,
        entry.accountIds,
        entry.sides,
        entry.amounts,
        entry.currencies,
        waitForKey,
      ],
    );
    return rows[0];
  }

  async findForConsumer(id: string, consumerId: string): Promise<PaymentRow | undefined> {
    const rows: PaymentRow[] = await this.ds.query(
      `SELECT p.*, b.reference AS bill_reference
         FROM payments p LEFT JOIN bills b ON b.order_id = p.order_id
        WHERE p.id = $1 AND p.consumer_id = $2`,
      [id, consumerId],
    );
    return rows[0];
  }

  async findForMerchant(id: string, merchantId: string): Promise<PaymentRow | undefined> {
    const rows: PaymentRow[] = await this.ds.query(
      `SELECT p.*, o.reference AS order_reference, b.reference AS bill_reference
         FROM payments p LEFT JOIN orders o ON o.id = p.order_id LEFT JOIN bills b ON b.order_id = p.order_id
        WHERE p.id = $1 AND p.merchant_id = $2`,
      [id, merchantId],
    );
    return rows[0];
  }

  /** The payment, locked for a refund: refunds of one payment go one at a time. */
  async lockForRefund(id: string, merchantId: string, em: EntityManager): Promise<PaymentRow | undefined> {
    const rows: PaymentRow[] = await em.query(
      `SELECT * FROM payments WHERE id = $1 AND merchant_id = $2 FOR NO KEY UPDATE`,
      [id, merchantId],
    );
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
    return this.ds.query(`SELECT * FROM refunds WHERE payment_id = ANY($1::uuid[]) ORDER BY created_at, id`, [
      paymentIds,
    ]);
  }

  async listForMerchant(
    merchantId: string,
    range: { from: Date | null; to: Date | null },
    before: { createdAt: Date; id: string } | null,
    limit: number,
  ): Promise<PaymentRow[]> {
    return rowsOf<PaymentRow>(
      await this.ds.query(
        `SELECT p.*, o.reference AS order_reference, b.reference AS bill_reference
           FROM payments p LEFT JOIN orders o ON o.id = p.order_id LEFT JOIN bills b ON b.order_id = p.order_id
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
