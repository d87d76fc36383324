import crypto from 'node:crypto';

/*
 * A pack's TOTP key at rest: AES-256-GCM under a key derived from the master
 * secret for this purpose only, the pack id bound as additional data (a blob
 * copied onto another pack does not decrypt). The service must compute the
 * same codes as the phone, so the key is encrypted, not hashed.
 * Stored blob: version (1 byte, 0x01) | iv (12) | tag (16) | ciphertext.
 */
const VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_INFO = 'saoma/payment-codes/kek/v1';

export function paymentCodeKek(masterKey: Buffer): Buffer {
  if (!Buffer.isBuffer(masterKey) || masterKey.length !== 32)
    throw new TypeError('the master key must be a 32-byte Buffer');
  return Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), HKDF_INFO, 32));
}

export function sealPaymentCodeKey(kek: Buffer, packId: string, key: Buffer): Buffer {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(packId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]);
}

export function openPaymentCodeKey(kek: Buffer, packId: string, blob: Buffer): Buffer {
  if (blob[0] !== VERSION) throw new Error(`payment code key of pack ${packId}: unknown blob version ${blob[0]}`);
  const iv = blob.subarray(1, 1 + IV_BYTES);
  const tag = blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = crypto.createDecipheriv('aes-256-gcm', kek, iv);
  decipher.setAAD(Buffer.from(packId, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(blob.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
}
