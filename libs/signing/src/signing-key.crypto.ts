import crypto, { type KeyObject } from 'node:crypto';

/**
 * Key material helpers: Ed25519 key generation, RFC 7638 thumbprints, and
 * AES-256-GCM wrapping of the PKCS#8 private key under a key derived from the
 * master secret.
 *
 * Stored blob: version (1 byte, 0x01) | iv (12) | tag (16) | ciphertext.
 * The kid is bound as additional authenticated data, so a blob copied onto
 * another row does not decrypt.
 */
const BLOB_VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_INFO = 'saoma/signing-keys/kek/v1';

export interface GeneratedSigningKey {
  kid: string;
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * The key-encryption key: HKDF-SHA256 of the master secret with a purpose
 * label, so the master secret's other uses (pseudonyms, sessions) never share
 * a key with this one.
 */
export function deriveKeyEncryptionKey(masterKey: Buffer): Buffer {
  if (!Buffer.isBuffer(masterKey) || masterKey.length !== 32)
    throw new TypeError('the master key must be a 32-byte Buffer');
  return Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), HKDF_INFO, 32));
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of an Ed25519 public key. */
export function ed25519Thumbprint(x: string): string {
  // members in lexicographic order, no whitespace
  const canonical = `{"crv":"Ed25519","kty":"OKP","x":"${x}"}`;
  return crypto.createHash('sha256').update(canonical, 'utf8').digest('base64url');
}

export function publicJwkOf(key: KeyObject): { kty: 'OKP'; crv: 'Ed25519'; x: string } {
  const jwk = (key.type === 'private' ? crypto.createPublicKey(key) : key).export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
    throw new TypeError('not an Ed25519 key');
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
}

export function generateSigningKey(): GeneratedSigningKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const publicJwk = publicJwkOf(publicKey);
  return { kid: ed25519Thumbprint(publicJwk.x), publicJwk, privateKey, publicKey };
}

function aad(kid: string): Buffer {
  return Buffer.from(`saoma/signing-key/v1/${kid}`, 'utf8');
}

export function encryptPrivateKey(kek: Buffer, kid: string, privateKey: KeyObject): Buffer {
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', kek, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(kid));
  const ct = Buffer.concat([cipher.update(der), cipher.final()]);
  der.fill(0);
  return Buffer.concat([Buffer.from([BLOB_VERSION]), iv, cipher.getAuthTag(), ct]);
}

/** Throws when the blob does not authenticate under this key (wrong master key, altered row). */
export function decryptPrivateKey(kek: Buffer, kid: string, blob: Buffer): KeyObject {
  if (blob.length <= 1 + IV_BYTES + TAG_BYTES || blob[0] !== BLOB_VERSION)
    throw new Error('unknown encrypted key format');
  const iv = blob.subarray(1, 1 + IV_BYTES);
  const tag = blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const ct = blob.subarray(1 + IV_BYTES + TAG_BYTES);
  const decipher = crypto.createDecipheriv('aes-256-gcm', kek, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(kid));
  decipher.setAuthTag(tag);
  const der = Buffer.concat([decipher.update(ct), decipher.final()]);
  try {
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}
