/** The only JWS algorithm the service issues and accepts (RFC 8037 Ed25519). */
export const SIGNING_ALG = 'EdDSA' as const;

export type SigningKeyStatus = 'active' | 'retired';

/** A public Ed25519 key as published in the JWKS. Never has `d`. */
export interface PublicSigningJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: typeof SIGNING_ALG;
  use: 'sig';
}

export interface JsonWebKeySet {
  keys: PublicSigningJwk[];
}

export interface SignOptions {
  /** Explicit type of the token (RFC 8725 §3.11), e.g. "saoma-scan+jwt". */
  typ: string;
  /** Lifetime from now, whole seconds > 0. */
  expiresInSeconds?: number;
  /**
   * Absolute expiry; rounded down to the second so the token never outlives
   * it. With expiresInSeconds too, the earlier of the two wins.
   */
  expiresAt?: Date;
}

export interface VerifyOptions {
  /** The typ the token must carry, exactly. */
  typ: string;
  /** Require an `exp` claim (default true; receipts pass false). */
  requireExp?: boolean;
}

/** Claims of a verified token: `iat` always present, `exp` when it was required or given. */
export type VerifiedClaims = Record<string, unknown> & { iat: number; exp?: number };

export interface DetachedSignature {
  kid: string;
  /** Raw 64-byte Ed25519 signature. */
  signature: Buffer;
}

export interface SigningOptions {
  /**
   * How old the in-memory key set may get before sign() reloads it, so that a
   * process picks up a rotation made by another one (ms, default 60 000).
   */
  refreshIntervalMs?: number;
  /** Tolerated clock skew for an `iat` in the future (seconds, default 60). */
  maxIatSkewSeconds?: number;
}

/** Injection token for optional SigningOptions. */
export const SIGNING_OPTIONS = Symbol('SIGNING_OPTIONS');
