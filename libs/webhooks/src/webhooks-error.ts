import { DomainError } from '@saoma/common';

export const WEBHOOKS_ERROR_CODES = ['invalid_cursor'] as const;
export type WebhooksErrorCode = (typeof WEBHOOKS_ERROR_CODES)[number];

/** A delivery-log request the service cannot answer (an unknown or foreign cursor). */
export class WebhooksError extends DomainError<WebhooksErrorCode> {}
