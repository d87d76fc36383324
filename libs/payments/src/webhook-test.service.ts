import { Injectable } from '@nestjs/common';
import { inTransaction } from '@saoma/database';
import { IdentityError, RateLimiter } from '@saoma/identity';
import { DataSource } from 'typeorm';
import { PaymentsError } from './payments-error';
import { WebhookOutboxRepository } from './webhook-outbox.repository';

/** Test deliveries a merchant may ask for per minute (the database-backed limiter, shared by every process). */
export const WEBHOOK_TESTS_PER_MINUTE = 10;

/** A test delivery as queued: its event id is the `webhook-id` its receiver gets. */
export interface WebhookTestSent {
  eventId: string;
  type: 'webhook.test';
  createdAt: Date;
}

/**
 * "Send a test delivery": one `webhook.test` event in the outbox, so that it
 * is delivered, signed (v1 and v1a), retried and logged exactly like a real
 * event. Its data: `{test: true, merchantId, sentAt}` (sentAt: the event's
 * time, as in the body's `timestamp`).
 */
@Injectable()
export class WebhookTestService {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: WebhookOutboxRepository,
    private readonly limiter: RateLimiter,
  ) {}

  async send(merchantId: string): Promise<WebhookTestSent> {
    // every ask counts, refused ones too: the limit bounds the work a key can cause
    if (!(await this.limiter.hit(`webhook-test:merchant:${merchantId}`, WEBHOOK_TESTS_PER_MINUTE)))
      throw new IdentityError(
        'rate_limited',
        `At most ${WEBHOOK_TESTS_PER_MINUTE} test deliveries a minute; wait a minute.`,
      );
    return inTransaction(this.ds, async (em) => {
      // FOR SHARE: a URL removed at the same moment is removed before or after the event, not in between
      const rows: Array<{ has_url: boolean; now: Date }> = await em.query(
        `SELECT webhook_url IS NOT NULL AS has_url, now() AS now FROM merchants WHERE id = $1 FOR SHARE`,
        [merchantId],
      );
      if (!rows[0]) throw new IdentityError('merchant_not_found', 'No such merchant.');
      if (!rows[0].has_url)
        throw new PaymentsError(
          'webhook_url_missing',
          'There is no webhook URL to send a test delivery to: set one first (PATCH /v1/merchant).',
        );
      // now() is the transaction's start: the same instant as the event's created_at (the body's timestamp)
      const sentAt = new Date(rows[0].now);
      const eventId = await this.outbox.enqueue(em, merchantId, 'webhook.test', {
        test: true,
        merchantId,
        sentAt: sentAt.toISOString(),
      });
      return { eventId, type: 'webhook.test', createdAt: sentAt };
    });
  }
}
