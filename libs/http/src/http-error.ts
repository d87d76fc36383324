import { DomainError } from '@saoma/common';

/** Codes that belong to the HTTP layer itself (routing, parsing, authentication). */
export const HTTP_ERROR_CODES = [
  'not_found',
  'malformed_json',
  'validation_failed',
  'payload_too_large',
  'unsupported_media_type',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'method_not_allowed',
  'bad_request',
  'internal_error',
  'service_unavailable',
] as const;
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];

export class HttpError extends DomainError<HttpErrorCode> {}
