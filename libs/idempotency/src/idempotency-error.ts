import { DomainError } from '@saoma/common';

export const IDEMPOTENCY_ERROR_CODES = [
  'idempotency_key_required',
  'idempotency_key_reused',
  'idempotency_key_in_use',
  'invalid_idempotency_key',
] as const;
export type IdempotencyErrorCode = (typeof IDEMPOTENCY_ERROR_CODES)[number];

export class IdempotencyError extends DomainError<IdempotencyErrorCode> {}

/**
 * Not an error: the stored first response of a key, to be sent again as it
 * was (status and body, byte for byte). Thrown so that it bypasses the
 * handler's own serialisation and reaches the one exception filter.
 */
export class StoredResponse extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super('idempotent replay');
  }
}
