export * from './idempotency-error';
export * from './idempotency.module';
export * from './idempotency.service';
export { type IdempotencyRecord, recordArgs } from './idempotency.repository';
