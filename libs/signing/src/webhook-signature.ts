import crypto from 'node:crypto';
import type { JsonWebKeySet } from './signing.types';

/** Printable ASCII without "." (the separator of the signed content) or spaces. */
const MSG_ID = /^[\x21-\x2d\x2f-\x7e]{1,256}$/;

function seconds(timestamp: number | Date): number {
  const s = timestamp instanceof Date ? Math.floor(timestamp.getTime() / 1000) : timestamp;
  if (!Number.isSafeInteger(s) || s < 0)
    throw new RangeError('webhook timestamp must be whole seconds since the epoch');
  return s;
}

/**
 * What Standard Webhooks signs: `${msgId}.${timestamp}.${body}`, the body as
 * the exact bytes sent.
 */
export function standardWebhookSignedContent(msgId: string, timestamp: number | Date, body: string | Buffer): Buffer {
  if (typeof msgId !== 'string' || !MSG_ID.test(msgId))
    throw new TypeError('webhook message id must be 1 to 256 printable ASCII characters without "." or spaces');
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(`${msgId}.${seconds(timestamp)}.`, 'utf8'), raw]);
}

/**
 * Receiver side (merchant libraries, tests): true when one of the `v1a,`
 * signatures of a `webhook-signature` header verifies with one of the JWKS
 * keys. Plain node:crypto; does not check the timestamp's age (the receiver
 * must, against replays).
 */
export function verifyStandardWebhookSignature(
  header: string,
  msgId: string,
  timestamp: number | Date,
  body: string | Buffer,
  jwks: JsonWebKeySet,
): boolean {
  let content: Buffer;
  try {
    content = standardWebhookSignedContent(msgId, timestamp, body);
  } catch {
    return false;
  }
  const keys = jwks.keys
    .filter((k) => k.kty === 'OKP' && k.crv === 'Ed25519')
    .map((k) => crypto.createPublicKey({ key: { kty: k.kty, crv: k.crv, x: k.x }, format: 'jwk' }));
  for (const part of header.split(' ')) {
    const [version, sig] = part.split(',', 2);
    if (version !== 'v1a' || !sig) continue;
    const bytes = Buffer.from(sig, 'base64');
    if (bytes.length !== 64) continue;
    if (keys.some((key) => crypto.verify(null, content, key, bytes))) return true;
  }
  return false;
}
