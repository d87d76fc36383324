import crypto from 'node:crypto';

/*
 * Secrets kept at rest under the master secret: AES-256-GCM under a key
 * derived for one purpose (HKDF-SHA256 with the purpose as its info, so no
 * two uses of the master secret share a key), with additional data that
 * binds a blob to its row (a blob copied onto another row does not open).
 * Blob: version (1 byte, 0x01) | iv (12) | tag (16) | ciphertext.
 */
const VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The key of one purpose, e.g. 'saoma/signing-keys/kek/v1'. */
export function purposeKey(masterKey: Buffer, purpose: string): Buffer {
  if (!Buffer.isBuffer(masterKey) || masterKey.length !== 32)
    throw new TypeError('the master key must be a 32-byte Buffer');
  return Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), purpose, 32));
}

export function sealSecret(key: Buffer, boundTo: string, secret: Buffer): Buffer {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]);
}

/** Throws when the blob does not authenticate (another key, another row, altered bytes). */
export function openSecret(key: Buffer, boundTo: string, blob: Buffer): Buffer {
  if (blob.length <= 1 + IV_BYTES + TAG_BYTES || blob[0] !== VERSION) throw new Error('unknown sealed secret format');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, blob.subarray(1, 1 + IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(boundTo, 'utf8'));
  decipher.setAuthTag(blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(blob.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
}
