import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TopupRow, WithdrawalRow } from './money-movements.repository';
import type { PaymentRow, RefundRow } from './payments.repository';

export type ExportPaymentRow = PaymentRow & { merchant_name: string };

/**
 * Reads for a consumer's data export (GET /v1/me/export): every row of the
 * payments side that names the consumer, and nothing of anyone else.
 */
@Injectable()
export class ConsumerExportRepository {
  constructor(private readonly ds: DataSource) {}

  /** The consumer's payments with the merchant's name and the order reference, newest first. */
  async paymentsOf(consumerId: string): Promise<ExportPaymentRow[]> {
    return this.ds.query(
      `SELECT p.*, m.name AS merchant_name, o.reference AS order_reference
         FROM payments p
         JOIN merchants m ON m.id = p.merchant_id
         LEFT JOIN orders o ON o.id = p.order_id
        WHERE p.consumer_id = $1
        ORDER BY p.created_at DESC, p.id DESC`,
      [consumerId],
    );
  }

  /** Refunds of the consumer's payments, oldest first. */
  async refundsOf(consumerId: string): Promise<RefundRow[]> {
    return this.ds.query(
      `SELECT r.* FROM refunds r JOIN payments p ON p.id = r.payment_id
        WHERE p.consumer_id = $1
        ORDER BY r.created_at, r.id`,
      [consumerId],
    );
  }

  async topupsOf(consumerId: string): Promise<TopupRow[]> {
    return this.ds.query(`SELECT * FROM topups WHERE consumer_id = $1 ORDER BY created_at DESC, id DESC`, [consumerId]);
  }

  async withdrawalsOf(consumerId: string): Promise<WithdrawalRow[]> {
    return this.ds.query(`SELECT * FROM withdrawals WHERE consumer_id = $1 ORDER BY created_at DESC, id DESC`, [
      consumerId,
    ]);
  }
}
