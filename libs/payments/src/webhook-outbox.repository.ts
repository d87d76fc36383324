import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** `webhook.test`: a test delivery the merchant asked for (POST /v1/merchant/webhook-test). */
export type WebhookEventType =
  'payment.succeeded' | 'refund.succeeded' | 'order.expired' | 'order.cancelled' | 'webhook.test';

/**
 * The outbox: an event is written in the same transaction as the change it
 * reports, so a committed payment always has its event and a rolled-back one
 * never does. The webhook worker delivers from here.
 */
@Injectable()
export class WebhookOutboxRepository {
  async enqueue(
    em: EntityManager,
    merchantId: string,
    type: WebhookEventType,
    data: Record<string, unknown>,
  ): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO webhook_events (merchant_id, type, payload) VALUES ($1, $2, $3) RETURNING id`,
      [merchantId, type, { type, data }],
    );
    return rows[0].id;
  }
}
