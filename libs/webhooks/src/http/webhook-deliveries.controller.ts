import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@saoma/identity';
import { WebhookDeliveriesService } from '../webhook-deliveries.service';
import { CurrentPrincipal, Roles } from '@saoma/identity';
import { presentWebhookDelivery, WebhookDeliveriesQueryDto, WebhookDeliveryPageDto } from './webhooks.dto';

@ApiTags('merchant webhooks')
@ApiBearerAuth()
@Roles('merchant')
@Controller('v1/merchant/webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  @Get()
  @ApiOperation({
    summary: "The merchant's webhook events and how their delivery went, newest first",
    description:
      'Events are POSTed to the webhookUrl at least once, signed per Standard Webhooks (webhook-id, webhook-timestamp, ' +
      'webhook-signature `v1a,<base64 Ed25519>` over `id.timestamp.body`, keys in /.well-known/jwks.json), retried after ' +
      '5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, then every 4 h (±20 %), for 3 days.',
  })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  async list(@CurrentPrincipal() p: Principal, @Query() q: WebhookDeliveriesQueryDto): Promise<WebhookDeliveryPageDto> {
    const page = await this.deliveries.list(p.id, { limit: q.limit ?? 50, cursor: q.cursor ?? null });
    return { data: page.data.map(presentWebhookDelivery), nextCursor: page.nextCursor };
  }
}
