import { Module } from '@nestjs/common';
import { SigningModule } from '@saoma/signing';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEventsRepository } from './webhook-events.repository';

/** Needs APP_CONFIG, MASTER_KEY (for signing), optionally JsonLogger and WEBHOOK_OPTIONS, and a TypeORM DataSource from the application. */
@Module({
  imports: [SigningModule],
  providers: [WebhookEventsRepository, WebhookDispatcher, WebhookDeliveriesService],
  exports: [WebhookDispatcher, WebhookDeliveriesService],
})
export class WebhooksModule {}
