import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { WebhookDelivery } from '../webhook-deliveries.service';
import { PageQueryDto } from '@saoma/http';

export class WebhookDeliveriesQueryDto extends PageQueryDto {}

export class WebhookDeliveryDto {
  @ApiProperty({ description: 'the event id, sent as `webhook-id` (the same on every retry)' }) eventId!: string;
  @ApiProperty({
    enum: ['payment.succeeded', 'refund.succeeded', 'order.expired', 'order.cancelled', 'webhook.test'],
    description: 'webhook.test: a test delivery (POST /v1/merchant/webhook-test)',
  })
  type!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'], description: 'failed: retried for 3 days, then given up' })
  status!: string;
  @ApiProperty({ description: 'HTTP attempts so far' }) attempts!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'HTTP status of the last attempt; 0 when it got no answer (network error, timeout); null before the first',
  })
  lastStatus!: number | null;
  @ApiPropertyOptional({ description: 'why the last attempt failed, or "no webhook URL" while the merchant has none' })
  lastError?: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() deliveredAt?: string;
  @ApiPropertyOptional({ description: 'when the next attempt is due (pending events only)' }) nextAttemptAt?: string;
  @ApiPropertyOptional() gaveUpAt?: string;
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) data!: WebhookDeliveryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export function presentWebhookDelivery(d: WebhookDelivery): WebhookDeliveryDto {
  return {
    eventId: d.eventId,
    type: d.type,
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    ...(d.lastError ? { lastError: d.lastError } : {}),
    createdAt: d.createdAt.toISOString(),
    ...(d.deliveredAt ? { deliveredAt: d.deliveredAt.toISOString() } : {}),
    ...(d.nextAttemptAt ? { nextAttemptAt: d.nextAttemptAt.toISOString() } : {}),
    ...(d.gaveUpAt ? { gaveUpAt: d.gaveUpAt.toISOString() } : {}),
  };
}
