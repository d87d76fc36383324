import crypto from 'node:crypto';

/**
 * API keys: `<kind>_<prefix>_<secret>`. The prefix (48 bits) is not secret
 * and finds the row; the secret (256 bits) is stored only as its SHA-256
 * (a fast hash is enough for a random 256-bit secret) and compared in
 * constant time.
 */
export type ApiKeyKind = 'smk' | 'sok';

export interface IssuedApiKey {
  key: string;
  prefix: string;
  hash: string;
}

export function issueApiKey(kind: ApiKeyKind): IssuedApiKey {
  const prefix = crypto.randomBytes(6).toString('hex');
  const secret = crypto.randomBytes(32).toString('base64url');
  return { key: `${kind}_${prefix}_${secret}`, prefix, hash: sha256(secret) };
}

export function parseApiKey(key: string): { kind: ApiKeyKind; prefix: string; secret: string } | null {
  const m = /^(smk|sok)_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
  return m ? { kind: m[1] as ApiKeyKind, prefix: m[2], secret: m[3] } : null;
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
