import crypto, { type KeyObject } from 'node:crypto';
import { openSecret, purposeKey, sealSecret } from '@saoma/common';

/**
 * Key material helpers: Ed25519 key generation, RFC 7638 thumbprints, and
 * the PKCS#8 private key sealed under the master secret (sealSecret of
 * @saoma/common), bound to its kid.
 */
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
  return purposeKey(masterKey, HKDF_INFO);
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

function aad(kid: string): string {
  return `saoma/signing-key/v1/${kid}`;
}

export function encryptPrivateKey(kek: Buffer, kid: string, privateKey: KeyObject): Buffer {
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  try {
    return sealSecret(kek, aad(kid), der);
  } finally {
    der.fill(0);
  }
}

/** Throws when the blob does not authenticate under this key (wrong master key, altered row). */
export function decryptPrivateKey(kek: Buffer, kid: string, blob: Buffer): KeyObject {
  const der = openSecret(kek, aad(kid), blob);
  try {
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}
