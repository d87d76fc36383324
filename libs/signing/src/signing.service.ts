import crypto, { type KeyObject } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import { JsonLogger, JwsError, MASTER_KEY, checkClaims, decodeCompact, signCompact } from '@saoma/common';
import { SigningError, SigningKeyUnavailableError } from './signing-error';
import {
  decryptPrivateKey,
  deriveKeyEncryptionKey,
  ed25519Thumbprint,
  encryptPrivateKey,
  generateSigningKey,
  publicJwkOf,
} from './signing-key.crypto';
import { type SigningKeyRow, SigningKeysRepository } from './signing-keys.repository';
import {
  type DetachedSignature,
  type JsonWebKeySet,
  type PublicSigningJwk,
  SIGNING_ALG,
  SIGNING_OPTIONS,
  type SigningKeyStatus,
  type SigningOptions,
  type SignOptions,
  type VerifiedClaims,
  type VerifyOptions,
} from './signing.types';
import { standardWebhookSignedContent } from './webhook-signature';

interface KnownKey {
  kid: string;
  status: SigningKeyStatus;
  jwk: PublicSigningJwk;
  publicKey: KeyObject;
}

interface ActiveKey {
  kid: string;
  privateKey: KeyObject;
}

/** Header members we issue; a token with any other (crit, jku, jwk, x5u, b64, ...) is refused. */
const ALLOWED_HEADER = new Set(['alg', 'kid', 'typ']);
const KID = /^[A-Za-z0-9_-]{8,128}$/;
const MAX_TOKEN_LENGTH = 16 * 1024;
const ED25519_SIGNATURE_BYTES = 64;
const RESERVED_PAYLOAD_CLAIMS = ['iat', 'exp'];
const NEGATIVE_CACHE_LIMIT = 10_000;
/** Tokens with an expiry this process signed lately (a scan's token comes back within seconds to pay). */
const ISSUED_LIMIT = 20_000;

function invalid(reason: string): SigningError {
  return new SigningError('invalid_token', reason);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The service's JWS keys: Ed25519, one active key that signs, retired keys that
 * still verify (receipts have no expiry and must verify offline for ever, so a
 * retired key stays in the JWKS). Private keys are kept AES-256-GCM encrypted
 * under the master secret in signing_keys and decrypted only into memory.
 *
 * verify() follows RFC 8725: the algorithm list is pinned to EdDSA, the key is
 * chosen by kid among our own keys only (never from the token), typ is
 * explicit and required, iat is required (and exp unless told otherwise), and
 * any header member we do not issue is refused. Every failure is
 * SigningError('invalid_token').
 */
@Injectable()
export class SigningService implements OnModuleInit {
  private readonly kek: Buffer;
  private readonly refreshIntervalMs: number;
  private readonly maxIatSkewSeconds: number;
  private keys = new Map<string, KnownKey>();
  private active: ActiveKey | null = null;
  private loadedAt = 0;
  private loading: Promise<void> | null = null;
  /** kids looked up in the database and not found (bounded). */
  private readonly unknownKids = new Set<string>();
  private readonly lookups = new Map<string, Promise<KnownKey | undefined>>();
  /**
   * token → header and claims, for tokens this very process signed: they need
   * no signature check (an Ed25519 verification is 110 µs, the biggest
   * single cost of paying). Everything else is still checked: typ, expiry,
   * iat. A token from another process, or older than the last ISSUED_LIMIT,
   * is verified as any other.
   */
  private readonly issued = new Map<string, { kid: string; typ: string; claims: Record<string, unknown> }>();

  constructor(
    private readonly repo: SigningKeysRepository,
    @Inject(MASTER_KEY) masterKey: Buffer,
    @Optional() @Inject(JsonLogger) private readonly logger?: JsonLogger,
    @Optional() @Inject(SIGNING_OPTIONS) options?: SigningOptions,
  ) {
    this.kek = deriveKeyEncryptionKey(masterKey);
    this.refreshIntervalMs = options?.refreshIntervalMs ?? 60_000;
    this.maxIatSkewSeconds = options?.maxIatSkewSeconds ?? 60;
  }

  /**
   * Load the keys; on the very first start make the first key. Throws
   * SigningKeyUnavailableError when the active key does not decrypt with this
   * master key: the service must not start and silently sign with a new key.
   */
  async onModuleInit(): Promise<void> {
    await this.reload();
    if (this.active) return;
    const key = generateSigningKey();
    const won = await this.repo.insertFirstActive({
      kid: key.kid,
      alg: SIGNING_ALG,
      publicJwk: key.publicJwk,
      privateKeyEnc: encryptPrivateKey(this.kek, key.kid, key.privateKey),
    });
    if (won) this.logger?.event('info', { kid: key.kid }, 'signing key created');
    await this.reload();
    if (!this.active) throw new SigningKeyUnavailableError('no active signing key after creating one');
  }

  /** kid of the key that signs now. */
  get activeKid(): string {
    return this.requireActive().kid;
  }

  /** A compact JWS: header {alg: EdDSA, kid, typ}, claims `payload` + iat (+ exp). */
  async sign(payload: Record<string, unknown>, opts: SignOptions): Promise<string> {
    if (!isPlainObject(payload)) throw new TypeError('payload must be a plain object');
    for (const c of RESERVED_PAYLOAD_CLAIMS) {
      if (c in payload)
        throw new TypeError(`payload must not set "${c}": sign() sets it (use expiresInSeconds / expiresAt for exp)`);
    }
    if (typeof opts?.typ !== 'string' || opts.typ.length === 0) throw new TypeError('typ is required');
    const iat = Math.floor(Date.now() / 1000);
    let exp: number | undefined;
    if (opts.expiresInSeconds !== undefined) {
      if (!Number.isSafeInteger(opts.expiresInSeconds) || opts.expiresInSeconds <= 0)
        throw new RangeError('expiresInSeconds must be a positive integer');
      exp = iat + opts.expiresInSeconds;
    }
    if (opts.expiresAt !== undefined) {
      const t = opts.expiresAt instanceof Date ? opts.expiresAt.getTime() : NaN;
      if (!Number.isFinite(t)) throw new RangeError('expiresAt must be a valid Date');
      // rounded down: the token never outlives expiresAt
      const at = Math.floor(t / 1000);
      exp = exp === undefined ? at : Math.min(exp, at);
    }
    // Refresh in the background: sign() runs inside money transactions, and
    // waiting there for a pool connection could starve the pool under load.
    void this.refreshIfStale().catch(() => undefined);
    const active = this.requireActive();
    const claims = { ...payload, iat, ...(exp !== undefined ? { exp } : {}) };
    const token = signCompact({ alg: SIGNING_ALG, kid: active.kid, typ: opts.typ }, claims, (input) =>
      crypto.sign(null, input, active.privateKey),
    );
    if (exp !== undefined) {
      if (this.issued.size >= ISSUED_LIMIT) this.issued.delete(this.issued.keys().next().value!);
      // a copy of the claims as the token carries them (JSON), never the caller's object
      this.issued.set(token, {
        kid: active.kid,
        typ: opts.typ,
        claims: JSON.parse(JSON.stringify(claims)) as Record<string, unknown>,
      });
    }
    return token;
  }

  /** The claims of a token we issued, of type `typ`, still valid; else SigningError('invalid_token'). */
  async verify(token: string, opts: VerifyOptions): Promise<VerifiedClaims> {
    if (typeof opts?.typ !== 'string' || opts.typ.length === 0) throw new TypeError('typ is required');
    try {
      return await this.verifyOrThrow(token, opts);
    } catch (err) {
      if (err instanceof JwsError) throw invalid(err.reason);
      throw err;
    }
  }

  private async verifyOrThrow(token: unknown, opts: VerifyOptions): Promise<VerifiedClaims> {
    const ours = typeof token === 'string' ? this.issued.get(token) : undefined;
    // only while its key is still one of ours (a key taken out of the database stops its tokens)
    if (ours && this.keys.has(ours.kid)) {
      if (ours.typ !== opts.typ) throw invalid('unexpected typ');
      checkClaims(ours.claims, (opts.requireExp ?? true) ? ['iat', 'exp'] : ['iat']);
      return { ...ours.claims } as VerifiedClaims;
    }
    const { header, claims, signingInput, signature } = decodeCompact(token as string, MAX_TOKEN_LENGTH);
    if (signature.length !== ED25519_SIGNATURE_BYTES) throw invalid('malformed token');
    for (const name of Object.keys(header)) {
      if (!ALLOWED_HEADER.has(name)) throw invalid(`header "${name}" not accepted`);
    }
    if (header.alg !== SIGNING_ALG) throw invalid('algorithm not allowed');
    if (header.typ !== opts.typ) throw invalid('unexpected typ');
    const kid = header.kid;
    if (typeof kid !== 'string' || !KID.test(kid)) throw invalid('missing or malformed kid');
    const key = await this.publicKeyFor(kid);
    if (!key) throw invalid('unknown kid');
    if (!crypto.verify(null, signingInput, key.publicKey, signature)) throw invalid('signature verification failed');
    checkClaims(claims, (opts.requireExp ?? true) ? ['iat', 'exp'] : ['iat']);
    const iat = claims.iat as number;
    if (!Number.isFinite(iat)) throw invalid('claim "iat" check failed');
    if (iat > Date.now() / 1000 + this.maxIatSkewSeconds) throw invalid('claim "iat" check failed');
    return claims as VerifiedClaims;
  }

  /**
   * The public keys, current and retired, read fresh from the database so that
   * a key made by another process is published at once.
   */
  async jwks(): Promise<JsonWebKeySet> {
    await this.reloadQuietly();
    return { keys: [...this.keys.values()].map((k) => ({ ...k.jwk })) };
  }

  /**
   * Make a new active key; the old one is retired and keeps verifying. Returns
   * the new kid and the kids retired.
   */
  async rotate(): Promise<{ kid: string; retired: string[] }> {
    const key = generateSigningKey();
    const retired = await this.repo.rotate({
      kid: key.kid,
      alg: SIGNING_ALG,
      publicJwk: key.publicJwk,
      privateKeyEnc: encryptPrivateKey(this.kek, key.kid, key.privateKey),
    });
    this.logger?.event('info', { kid: key.kid, retired }, 'signing key rotated');
    await this.reload();
    return { kid: key.kid, retired };
  }

  /** Raw Ed25519 signature of `payload` with the active key. */
  signDetached(payload: Buffer | Uint8Array | string): DetachedSignature {
    const active = this.requireActive();
    const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    return { kid: active.kid, signature: crypto.sign(null, data, active.privateKey) };
  }

  /**
   * The `webhook-signature` header value of Standard Webhooks for an
   * asymmetric key: `v1a,<base64 Ed25519 signature of "msgId.timestamp.body">`.
   * `body` must be the exact bytes sent. Receivers verify it with the keys of
   * the JWKS.
   */
  standardWebhookSignature(msgId: string, timestamp: number | Date, body: string | Buffer): string {
    const { signature } = this.signDetached(standardWebhookSignedContent(msgId, timestamp, body));
    return `v1a,${signature.toString('base64')}`;
  }

  /** Reload the keys from the database now (another process may have rotated). */
  async refresh(): Promise<void> {
    await this.reload();
  }

  private requireActive(): ActiveKey {
    if (!this.active) throw new Error('SigningService has no active key: onModuleInit() has not run');
    return this.active;
  }

  private async refreshIfStale(): Promise<void> {
    if (Date.now() - this.loadedAt >= this.refreshIntervalMs) await this.reloadQuietly();
  }

  /** Reload, but keep the keys we have when the database does not answer. */
  private async reloadQuietly(): Promise<void> {
    try {
      await this.reload();
    } catch (err) {
      if (err instanceof SigningKeyUnavailableError) throw err;
      this.logger?.event(
        'warn',
        { err: err instanceof Error ? err.message : String(err) },
        'signing keys reload failed; using the keys in memory',
      );
    }
  }

  /** Single flight: concurrent callers share one query. */
  private reload(): Promise<void> {
    if (!this.loading) {
      this.loading = this.load().finally(() => {
        this.loading = null;
      });
    }
    return this.loading;
  }

  private async load(): Promise<void> {
    const rows = await this.repo.listKeys();
    const keys = new Map<string, KnownKey>();
    let active: ActiveKey | null = null;
    for (const row of rows) {
      const known = this.toKnownKey(row);
      keys.set(known.kid, known);
      if (row.status === 'active') {
        active = this.active?.kid === row.kid ? this.active : await this.unwrapActive(row, known);
      }
    }
    this.keys = keys;
    this.active = active;
    this.loadedAt = Date.now();
  }

  private toKnownKey(row: SigningKeyRow): KnownKey {
    const prev = this.keys.get(row.kid);
    if (prev && prev.jwk.x === row.public_jwk.x) return { ...prev, status: row.status };
    const x = row.public_jwk?.x;
    if (
      row.alg !== SIGNING_ALG ||
      row.public_jwk?.kty !== 'OKP' ||
      row.public_jwk?.crv !== 'Ed25519' ||
      typeof x !== 'string'
    ) {
      throw new SigningKeyUnavailableError(`signing key ${row.kid} is not an Ed25519 key`);
    }
    const publicKey = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    return {
      kid: row.kid,
      status: row.status,
      publicKey,
      jwk: { kty: 'OKP', crv: 'Ed25519', x, kid: row.kid, alg: SIGNING_ALG, use: 'sig' },
    };
  }

  private async unwrapActive(row: SigningKeyRow, known: KnownKey): Promise<ActiveKey> {
    if (!row.private_key_enc) throw new SigningKeyUnavailableError(`active signing key ${row.kid} has no private key`);
    let privateKey: KeyObject;
    try {
      privateKey = decryptPrivateKey(this.kek, row.kid, row.private_key_enc);
    } catch (cause) {
      throw new SigningKeyUnavailableError(
        `active signing key ${row.kid} cannot be decrypted with this master key: the master key (SAOMA_MASTER_KEY or the ` +
          `data directory's master.key) is not the one the keys were made with, or the row was altered. Refusing to start ` +
          `rather than sign with a key the published JWKS does not match.`,
        { cause },
      );
    }
    if (publicJwkOf(privateKey).x !== known.jwk.x || ed25519Thumbprint(known.jwk.x) !== row.kid) {
      throw new SigningKeyUnavailableError(`active signing key ${row.kid} does not match its public key`);
    }
    return { kid: row.kid, privateKey };
  }

  /**
   * A key by kid: from memory, else from the database (a key another process
   * made since our last load). Lookups of the same kid share one query; kids
   * the database does not have are remembered, since a kid is the thumbprint
   * of a fresh random key and cannot be known before the key exists.
   */
  private async publicKeyFor(kid: string): Promise<KnownKey | undefined> {
    const known = this.keys.get(kid);
    if (known) return known;
    if (this.unknownKids.has(kid)) return undefined;
    let pending = this.lookups.get(kid);
    if (!pending) {
      pending = (async () => {
        const row = await this.repo.findPublic(kid);
        if (!row) {
          if (this.unknownKids.size >= NEGATIVE_CACHE_LIMIT) this.unknownKids.clear();
          this.unknownKids.add(kid);
          return undefined;
        }
        const k = this.toKnownKey(row);
        this.keys.set(kid, k);
        return k;
      })().finally(() => this.lookups.delete(kid));
      this.lookups.set(kid, pending);
    }
    return pending;
  }
}
