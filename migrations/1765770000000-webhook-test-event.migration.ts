import type { MigrationInterface, QueryRunner } from 'typeorm';

const REAL_TYPES = `'payment.succeeded', 'refund.succeeded', 'order.expired', 'order.cancelled'`;

/**
 * "Send a test delivery": the outbox also carries `webhook.test`, the event a
 * merchant asks for to try its receiver, delivered and signed like the
 * others. Only the CHECK on the event type widens; the new one is added NOT
 * VALID and validated after, so that the outbox is not scanned under the
 * ACCESS EXCLUSIVE lock of the ALTER (every existing row passes anyway).
 * Going back deletes the test events first: the narrower CHECK would refuse
 * them, and they report nothing that happened.
 */
export class WebhookTestEvent1765770000000 implements MigrationInterface {
  name = 'WebhookTestEvent1765770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE webhook_events
        DROP CONSTRAINT ck_webhook_events_type,
        ADD CONSTRAINT ck_webhook_events_type CHECK (type IN (${REAL_TYPES}, 'webhook.test')) NOT VALID`);
    await q.query(`ALTER TABLE webhook_events VALIDATE CONSTRAINT ck_webhook_events_type`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM webhook_events WHERE type = 'webhook.test'`);
    await q.query(`
      ALTER TABLE webhook_events
        DROP CONSTRAINT ck_webhook_events_type,
        ADD CONSTRAINT ck_webhook_events_type CHECK (type IN (${REAL_TYPES})) NOT VALID`);
    await q.query(`ALTER TABLE webhook_events VALIDATE CONSTRAINT ck_webhook_events_type`);
  }
}
