import crypto from 'node:crypto';
import { openSecret, purposeKey, sealSecret } from './sealed-secret';

/*
 * A merchant's webhook secret, as Standard Webhooks defines it: `whsec_` and
 * the base64 of 32 random bytes, the HMAC-SHA256 key of the `v1` signature.
 * Signing needs the secret itself, so it cannot be kept as a hash: it is
 * sealed under a key derived from the master secret for this purpose alone,
 * bound to its merchant (a blob copied onto another merchant does not open).
 */
const PURPOSE = 'saoma/webhook-secret/v1';
const PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return `${PREFIX}${crypto.randomBytes(32).toString('base64')}`;
}

export function sealWebhookSecret(masterKey: Buffer, merchantId: string, secret: string): Buffer {
  return sealSecret(purposeKey(masterKey, PURPOSE), `merchant:${merchantId}`, Buffer.from(secret, 'utf8'));
}

export function openWebhookSecret(masterKey: Buffer, merchantId: string, blob: Buffer): string {
  return openSecret(purposeKey(masterKey, PURPOSE), `merchant:${merchantId}`, blob).toString('utf8');
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under the secret's bytes, as every Standard Webhooks library checks it. */
export function webhookV1Signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  return `v1,${crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}
