import { pageLimit } from '@saoma/common';
import { Injectable } from '@nestjs/common';
import { type DeliveryLogRow, WebhookEventsRepository } from './webhook-events.repository';
import { WebhooksError } from './webhooks-error';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event as its merchant sees it in the delivery log. */
export interface WebhookDelivery {
  eventId: string;
  type: string;
  /** pending: not delivered yet, will be tried again; delivered; failed: given up. */
  status: DeliveryStatus;
  /** HTTP attempts made so far. */
  attempts: number;
  /** HTTP status of the last attempt; 0 when it got no answer (network error, timeout); null before the first. */
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  /** When the next attempt is due; only while pending. */
  nextAttemptAt: Date | null;
  gaveUpAt: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function toDelivery(r: DeliveryLogRow): WebhookDelivery {
  const status: DeliveryStatus = r.delivered_at ? 'delivered' : r.gave_up_at ? 'failed' : 'pending';
  return {
    eventId: r.id,
    type: r.type,
    status,
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
    deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
    nextAttemptAt: status === 'pending' ? new Date(r.next_attempt_at) : null,
    gaveUpAt: r.gave_up_at ? new Date(r.gave_up_at) : null,
  };
}

export const encodeCursor = (eventId: string): string => Buffer.from(eventId, 'utf8').toString('base64url');

/** The delivery log: a merchant's own events only. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(private readonly repo: WebhookEventsRepository) {}

  async list(
    merchantId: string,
    opts: { limit: number; cursor: string | null },
  ): Promise<{ data: WebhookDelivery[]; nextCursor: string | null }> {
    const limit = pageLimit(opts.limit);
    let afterId: string | null = null;
    if (opts.cursor) {
      const id = Buffer.from(opts.cursor, 'base64url').toString('utf8');
      // a cursor of another merchant's event is as unknown as a made-up one
      if (!UUID.test(id) || !(await this.repo.existsForMerchant(merchantId, id)))
        throw new WebhooksError('invalid_cursor', 'Unknown cursor.');
      afterId = id;
    }
    const rows = await this.repo.listForMerchant(merchantId, afterId, limit + 1);
    const page = rows.slice(0, limit);
    return {
      data: page.map(toDelivery),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null,
    };
  }
}
