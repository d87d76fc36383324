import { DomainError } from '@saoma/common';

export const QR_ERROR_CODES = ['invalid_qr'] as const;
export type QrErrorCode = (typeof QR_ERROR_CODES)[number];

/**
 * The one error this library throws. `detail` always says what is wrong
 * (e.g. "bad CRC: expected 29B1, found 1234") so that a scanning client or a
 * support engineer can tell a damaged code from another scheme's code.
 */
export class QrError extends DomainError<QrErrorCode> {
  constructor(code: QrErrorCode, detail: string, extensions?: Record<string, unknown>) {
    super(code, detail, extensions);
  }
}

/** Shorthand for the only code we have. */
export function invalidQr(detail: string): QrError {
  return new QrError('invalid_qr', detail);
}
