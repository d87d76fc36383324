import { DomainError } from '@saoma/common';

export const PRIVACY_ERROR_CODES = [
  /** A staff read of personal data without a stated purpose (missing, empty or only white space). */
  'purpose_required',
  /** A purpose above 500 characters. */
  'purpose_too_long',
  /** Only operators (admin, finance) read a consumer's data through the audited path. */
  'operator_required',
  /** A list cursor that this service did not make. */
  'invalid_cursor',
] as const;
export type PrivacyErrorCode = (typeof PRIVACY_ERROR_CODES)[number];

export class PrivacyError extends DomainError<PrivacyErrorCode> {}
