import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import {
  APP_CONFIG,
  type AppConfig,
  JsonLogger,
  MASTER_KEY,
  openWebhookSecret,
  webhookV1Signature,
} from '@saoma/common';
import { SigningService } from '@saoma/signing';
import { noUrlRecheckDelayMs, retryDelayMs } from './backoff';
import { webhookBody } from './webhook-payload';
import { type ClaimedEventRow, WebhookEventsRepository } from './webhook-events.repository';
import { DEFAULT_WEBHOOK_OPTIONS, WEBHOOK_OPTIONS, type WebhookOptions } from './webhooks.options';

export const NO_WEBHOOK_URL = 'no webhook URL';

/** What one HTTP attempt gave. */
type AttemptResult = { ok: true; status: number } | { ok: false; status: number; error: string };

/** The reason of a fetch failure, without the URL (it may carry a merchant's secret in its query). */
function networkError(err: unknown, timedOut: boolean): string {
  if (timedOut) return 'timeout: no complete answer in time';
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } } | null;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `network error: ${cause ?? e?.message ?? String(err)}`.slice(0, 500);
}

/** Scheme, host and port only: what the log may show of a webhook URL. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Delivers the outbox (webhook_events) to the merchants' webhook URLs, at
 * least once, signed per Standard Webhooks with the service's Ed25519 key.
 *
 * With AppConfig.webhookWorkerEnabled it polls every pollIntervalMs (and at
 * once when kicked); tests turn it off and call deliverDue() themselves. Any
 * number of processes may run it: events are claimed with FOR UPDATE SKIP
 * LOCKED and a lease, the outcome is recorded after the HTTP call, and each
 * event keeps its id (webhook-id) and its exact body across retries.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnModuleDestroy {
  private readonly opts: WebhookOptions;
  private timer: NodeJS.Timeout | null = null;
  private loop: Promise<void> | null = null;
  private kicked = false;
  private stopped = false;

  constructor(
    private readonly repo: WebhookEventsRepository,
    private readonly signing: SigningService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MASTER_KEY) private readonly masterKey: Buffer,
    @Optional() @Inject(JsonLogger) private readonly logger?: JsonLogger,
    @Optional() @Inject(WEBHOOK_OPTIONS) options?: Partial<WebhookOptions>,
  ) {
    this.opts = { ...DEFAULT_WEBHOOK_OPTIONS, ...options };
    if (this.opts.giveUpAfterMs < 24 * 3600_000)
      throw new RangeError('webhooks must be retried for at least 24 hours (giveUpAfterMs)');
    if (this.opts.leaseSeconds * 1000 <= this.opts.requestTimeoutMs)
      throw new RangeError('the claim lease must outlast the request timeout');
  }

  get enabled(): boolean {
    return this.config.webhookWorkerEnabled;
  }

  onModuleInit(): void {
    if (this.enabled) this.schedule(0);
  }

  /**
   * Stop polling; let the batch in flight finish (at most requestTimeoutMs) so
   * that its outcomes are recorded while the database is still open.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.loop;
  }

  /** Deliver soon (e.g. right after an event was committed) instead of at the next poll. No-op when the worker is off. */
  kick(): void {
    if (!this.enabled || this.stopped) return;
    if (this.loop) {
      this.kicked = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.loop = this.tick().finally(() => {
        this.loop = null;
        const again = this.kicked;
        this.kicked = false;
        this.schedule(again ? 0 : this.opts.pollIntervalMs);
      });
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.deliverDue();
    } catch (err) {
      this.logger?.event(
        'warn',
        { err: err instanceof Error ? err.message : String(err) },
        'webhook dispatch round failed',
      );
    }
  }

  /**
   * Claim every event due at `now` (default: the database clock), batch by
   * batch, POST them, and record each outcome. Returns how many HTTP attempts
   * were made (events that wait for a webhook URL are not counted).
   */
  async deliverDue(now?: Date): Promise<number> {
    let attempted = 0;
    for (let round = 0; round < this.opts.maxRoundsPerRun && !this.stopped; round++) {
      const batch = await this.repo.claimDue(now ?? null, this.opts.batchSize, this.opts.leaseSeconds);
      if (batch.length === 0) break;
      const results = await Promise.all(batch.map((e) => this.handle(e, now)));
      attempted += results.filter(Boolean).length;
      if (batch.length < this.opts.batchSize) break;
    }
    return attempted;
  }

  /** One claimed event; true when an HTTP attempt was made. */
  private async handle(e: ClaimedEventRow, fixedNow: Date | undefined): Promise<boolean> {
    const claimedAt = new Date(e.claimed_at);
    const createdAt = new Date(e.created_at);
    const log = { eventId: e.id, merchantId: e.merchant_id, type: e.type };
    try {
      if (!e.webhook_url) {
        const age = claimedAt.getTime() - createdAt.getTime();
        const giveUp = age >= this.opts.giveUpAfterMs;
        const nextAttemptAt = giveUp ? null : new Date(claimedAt.getTime() + noUrlRecheckDelayMs(age));
        await this.repo.markWaiting(e.id, e.attempts, { at: claimedAt, reason: NO_WEBHOOK_URL, nextAttemptAt });
        this.logger?.event(
          giveUp ? 'warn' : 'debug',
          { ...log, nextAttemptAt },
          giveUp
            ? 'webhook given up: the merchant never set a webhook URL'
            : 'webhook waits: the merchant has no webhook URL',
        );
        return false;
      }

      const started = performance.now();
      const result = await this.post(e, createdAt);
      // the instant of the outcome on the clock of the claim (the `now` given, or the database's)
      const at = fixedNow ?? new Date(claimedAt.getTime() + Math.round(performance.now() - started));
      const target = originOf(e.webhook_url);
      if (result.ok) {
        await this.repo.markDelivered(e.id, at, result.status);
        this.logger?.event(
          'info',
          { ...log, target, status: result.status, attempt: e.attempts + 1 },
          'webhook delivered',
        );
        return true;
      }
      const attempts = e.attempts + 1;
      const giveUp = at.getTime() - createdAt.getTime() >= this.opts.giveUpAfterMs;
      const nextAttemptAt = giveUp ? null : new Date(at.getTime() + retryDelayMs(attempts));
      await this.repo.markFailed(e.id, e.attempts, { at, status: result.status, error: result.error, nextAttemptAt });
      this.logger?.event(
        'warn',
        { ...log, target, status: result.status, error: result.error, attempt: attempts, nextAttemptAt },
        giveUp ? 'webhook given up after retrying' : 'webhook delivery failed; will retry',
      );
      return true;
    } catch (err) {
      // signing or recording failed: the lease expires and the event is tried again
      this.logger?.event(
        'error',
        { ...log, err: err instanceof Error ? err.message : String(err) },
        'webhook dispatch error',
      );
      return false;
    }
  }

  /** One POST: no redirects followed, a timeout on the whole exchange, the response body discarded. */
  private async post(e: ClaimedEventRow, createdAt: Date): Promise<AttemptResult> {
    const body = webhookBody({ type: e.type, payload: e.payload, createdAt });
    if (body.removed.length)
      this.logger?.event(
        'error',
        { eventId: e.id, removed: body.removed },
        'consumer identity removed from a webhook payload',
      );
    const timestamp = Math.floor(Date.now() / 1000);
    // v1 (HMAC under the merchant's secret, and the previous one while it overlaps) for any Standard Webhooks library; v1a (Ed25519) as before
    const hmacs = [e.webhook_secret, e.previous_webhook_secret]
      .filter((s): s is Buffer => s !== null)
      .map((s) => webhookV1Signature(openWebhookSecret(this.masterKey, e.merchant_id, s), e.id, timestamp, body.json));
    const signature = [...hmacs, this.signing.standardWebhookSignature(e.id, timestamp, body.json)].join(' ');
    const signal = AbortSignal.timeout(this.opts.requestTimeoutMs);
    try {
      const res = await fetch(e.webhook_url as string, {
        method: 'POST',
        redirect: 'manual',
        signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Saoma-Webhooks/1',
          'webhook-id': e.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
        },
        body: body.json,
      });
      // the answer's body is not read: a receiver cannot make us hold or store it
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
      const redirect = res.status >= 300 && res.status < 400 ? ' (redirects are not followed)' : '';
      return { ok: false, status: res.status, error: `HTTP ${res.status}${redirect}` };
    } catch (err) {
      return { ok: false, status: 0, error: networkError(err, signal.aborted) };
    }
  }
}
