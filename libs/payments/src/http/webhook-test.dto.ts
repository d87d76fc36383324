import { ApiProperty } from '@nestjs/swagger';
import type { WebhookTestSent } from '../webhook-test.service';

/** A test delivery, queued: it shows in GET /v1/merchant/webhook-deliveries under its eventId. */
export class WebhookTestDto {
  @ApiProperty({ description: 'the event id, sent as `webhook-id`; the delivery log lists it under this id' })
  eventId!: string;
  @ApiProperty({ enum: ['webhook.test'] }) type!: string;
  @ApiProperty({ enum: ['pending'], description: 'queued; the delivery log tells how its delivery went' })
  status!: string;
  @ApiProperty({ description: "the event's time: the body's `timestamp` and its data's `sentAt`" }) createdAt!: string;
}

export function presentWebhookTest(s: WebhookTestSent): WebhookTestDto {
  return { eventId: s.eventId, type: s.type, status: 'pending', createdAt: s.createdAt.toISOString() };
}
