import { DomainError } from '@saoma/common';

export const PAYMENTS_ERROR_CODES = ['duplicate_bank_reference', 'withdrawal_not_found', 'topup_not_found'] as const;
export type PaymentsErrorCode = (typeof PAYMENTS_ERROR_CODES)[number];

export class PaymentsError extends DomainError<PaymentsErrorCode> {}
