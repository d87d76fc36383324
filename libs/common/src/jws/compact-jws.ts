/**
 * Compact JWS (RFC 7515) with node:crypto, synchronously: the codec under
 * the service's scan tokens, receipts and session tokens. jose did this
 * before, over WebCrypto, whose per-call overhead was the biggest single
 * cost of a payment (five signatures or checks each). The checks are
 * jose's (jwtVerify): the claims must be a JSON object, iat, nbf and exp
 * numbers when present, nbf not in the future, exp in the future, the
 * required claims present. Which algorithm, key, typ and header members are
 * accepted stays with the caller (pinned, never read from the token).
 */

/** Why a token is refused; `reason` is short, stable, and never contains the token. */
export class JwsError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface DecodedJws {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** The ASCII bytes the signature covers: `<header>.<claims>` as sent. */
  signingInput: Buffer;
  signature: Buffer;
}

const B64URL = /^[A-Za-z0-9_-]+$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonPart(part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(Buffer.from(part, 'base64url')));
  } catch {
    throw new JwsError('malformed token');
  }
  if (!isObject(value)) throw new JwsError('malformed token');
  return value;
}

/** `header.claims.signature`, each part base64url of its JSON (the signature of the ASCII signing input). */
export function signCompact(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  sign: (signingInput: Buffer) => Buffer,
): string {
  for (const c of ['iat', 'nbf', 'exp']) {
    if (typeof claims[c] === 'number' && !Number.isFinite(claims[c]))
      throw new TypeError(`"${c}" claim must be a finite number`);
  }
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${sign(Buffer.from(input, 'ascii')).toString('base64url')}`;
}

/** The parts of a compact JWS; nothing is verified yet. */
export function decodeCompact(token: string, maxLength: number): DecodedJws {
  if (typeof token !== 'string' || token.length === 0 || token.length > maxLength)
    throw new JwsError('malformed token');
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) throw new JwsError('malformed token');
  return {
    header: jsonPart(parts[0]),
    claims: jsonPart(parts[1]),
    signingInput: Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'),
    signature: Buffer.from(parts[2], 'base64url'),
  };
}

/** The time claims and the presence of `required`, checked at `now` (seconds since the epoch), as jose checks them. */
export function checkClaims(
  claims: Record<string, unknown>,
  required: readonly string[],
  now = Math.floor(Date.now() / 1000),
): void {
  for (const c of required) if (!Object.hasOwn(claims, c)) throw new JwsError(`claim "${c}" check failed`);
  for (const c of ['iat', 'nbf', 'exp']) {
    if (claims[c] !== undefined && typeof claims[c] !== 'number') throw new JwsError(`claim "${c}" check failed`);
  }
  if (typeof claims.nbf === 'number' && claims.nbf > now) throw new JwsError('claim "nbf" check failed');
  if (typeof claims.exp === 'number' && claims.exp <= now) throw new JwsError('token expired');
}
