import { DomainError } from '@saoma/common';

export const SIGNING_ERROR_CODES = ['invalid_token'] as const;
export type SigningErrorCode = (typeof SIGNING_ERROR_CODES)[number];

/** A token that is not one we issued, of the expected kind, and still current. */
export class SigningError extends DomainError<SigningErrorCode> {}

/**
 * The service cannot start: a signing key in the database does not decrypt
 * with this master key (the master key changed, or the row was altered). Not a
 * DomainError: it never reaches a client, it stops the boot.
 */
export class SigningKeyUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigningKeyUnavailableError';
  }
}
