import crypto from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { APP_CONFIG, JsonLogger, loadConfig, MASTER_KEY } from '@saoma/common';
import { SigningService } from '@saoma/signing';
import { DataSource } from 'typeorm';
import { WebhookDispatcher } from '../../src/webhook-dispatcher';
import { WebhookEventsRepository } from '../../src/webhook-events.repository';
import { WebhooksModule } from '../../src/webhooks.module';
import { WEBHOOK_OPTIONS, type WebhookOptions } from '../../src/webhooks.options';

export interface WebhooksContext {
  module: TestingModule;
  dispatcher: WebhookDispatcher;
  repo: WebhookEventsRepository;
  signing: SigningService;
  close(): Promise<void>;
}

/** WebhooksModule as the application wires it, on a given DataSource (lifecycle hooks run). */
export async function webhooksContext(
  ds: DataSource,
  opts: { worker?: boolean; options?: Partial<WebhookOptions>; masterKey?: Buffer } = {},
): Promise<WebhooksContext> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATABASE_URL: 'postgres://unused/none',
    WEBHOOK_WORKER: opts.worker ? 'true' : 'false',
  });
  @Global()
  @Module({
    providers: [
      { provide: DataSource, useValue: ds },
      { provide: APP_CONFIG, useValue: config },
      { provide: MASTER_KEY, useValue: opts.masterKey ?? crypto.randomBytes(32) },
      { provide: JsonLogger, useValue: new JsonLogger('silent') },
      { provide: WEBHOOK_OPTIONS, useValue: opts.options ?? {} },
    ],
    exports: [DataSource, APP_CONFIG, MASTER_KEY, JsonLogger, WEBHOOK_OPTIONS],
  })
  class TestCoreModule {}
  const module = await Test.createTestingModule({ imports: [TestCoreModule, WebhooksModule] }).compile();
  await module.init();
  return {
    module,
    dispatcher: module.get(WebhookDispatcher),
    repo: module.get(WebhookEventsRepository),
    signing: module.get(SigningService),
    close: () => module.close(),
  };
}

/** A merchant row straight into the table. */
export async function insertMerchant(ds: DataSource, webhookUrl: string | null): Promise<string> {
  const rows: Array<{ id: string }> = await ds.query(
    `INSERT INTO merchants (name, city, country_code, mcc, currency, fee_rate, webhook_url, api_key_prefix, api_key_hash)
     VALUES ('Tea House', 'Hangzhou', 'CN', '5812', 'CNY', '0.006', $1, $2, 'x') RETURNING id`,
    [webhookUrl, `mk_${crypto.randomBytes(8).toString('hex')}`],
  );
  return rows[0].id;
}

/** An outbox event as libs/payments writes it (payload `{type, data}`). */
export async function insertEvent(
  ds: DataSource,
  merchantId: string,
  over: { type?: string; data?: Record<string, unknown>; createdAt?: Date; nextAttemptAt?: Date } = {},
): Promise<string> {
  const type = over.type ?? 'payment.succeeded';
  const data = over.data ?? { paymentId: crypto.randomUUID(), payer: 'pz_test', amount: '12.30', currency: 'CNY' };
  const rows: Array<{ id: string }> = await ds.query(
    `INSERT INTO webhook_events (merchant_id, type, payload, created_at, next_attempt_at)
     VALUES ($1, $2, $3, coalesce($4::timestamptz, now()), coalesce($5::timestamptz, $4::timestamptz, now())) RETURNING id`,
    [merchantId, type, JSON.stringify({ type, data }), over.createdAt ?? null, over.nextAttemptAt ?? null],
  );
  return rows[0].id;
}

export interface EventRow {
  id: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  next_attempt_at: Date;
  delivered_at: Date | null;
  gave_up_at: Date | null;
}

export async function eventRow(ds: DataSource, id: string): Promise<EventRow> {
  const rows: EventRow[] = await ds.query(`SELECT * FROM webhook_events WHERE id = $1`, [id]);
  return rows[0];
}
