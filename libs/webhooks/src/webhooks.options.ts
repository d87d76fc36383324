/** Tuning of the webhook dispatcher; every member has a default (see DEFAULT_WEBHOOK_OPTIONS). */
export interface WebhookOptions {
  /** Pause between two polls of the outbox when it was empty (ms). */
  pollIntervalMs: number;
  /** Events claimed per round (one row lock each, POSTed concurrently). */
  batchSize: number;
  /** Rounds per deliverDue() call at most, so that a steady stream of new events cannot keep one call running for ever. */
  maxRoundsPerRun: number;
  /** Whole request, headers and body included (ms). */
  requestTimeoutMs: number;
  /**
   * How long a claimed event stays invisible to other workers while its POST
   * runs (seconds). Longer than requestTimeoutMs: a worker that dies after the
   * claim leaves the event due again once the lease ends (at-least-once).
   */
  leaseSeconds: number;
  /** Retry failures until the event is this old, then give up (ms). At least 24 h. */
  giveUpAfterMs: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
  pollIntervalMs: 1_000,
  batchSize: 20,
  maxRoundsPerRun: 50,
  requestTimeoutMs: 10_000,
  leaseSeconds: 60,
  giveUpAfterMs: 3 * 24 * 3600_000,
};

/** Injection token for optional Partial<WebhookOptions>. */
export const WEBHOOK_OPTIONS = Symbol('WEBHOOK_OPTIONS');
