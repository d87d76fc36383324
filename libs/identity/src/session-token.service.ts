import crypto from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, MASTER_KEY, checkClaims, decodeCompact, signCompact } from '@saoma/common';

const ALG = 'HS256';
const TYP = 'saoma-session+jwt';
const ISSUER = 'saoma';
const HEADER = new Set(['alg', 'typ']);
const MAX_TOKEN_LENGTH = 2048;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Consumer sessions: JWTs signed with a key derived from the master secret,
 * so they verify after a restart. The algorithm list is pinned to HS256 and
 * typ, iss, sub, iat, exp are required (RFC 8725).
 */
@Injectable()
export class SessionTokenService {
  private readonly key: crypto.KeyObject;

  constructor(
    @Inject(MASTER_KEY) masterKey: Buffer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = crypto.createSecretKey(crypto.createHmac('sha256', masterKey).update('saoma/session-token/v1').digest());
  }

  /** A token for the session row `sessionId` (claim `sid`): the row decides whether it still works. */
  issue(consumerId: string, sessionId: string): { token: string; expiresAt: Date } {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + this.config.sessionTtlSeconds;
    const claims = {
      role: 'consumer',
      iss: ISSUER,
      sub: consumerId,
      sid: sessionId,
      iat: now,
      exp,
      jti: crypto.randomUUID(),
    };
    const token = signCompact({ alg: ALG, typ: TYP }, claims, (input) => this.mac(input));
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The consumer and session ids, or null for anything that is not a valid, unexpired session token. */
  verify(token: string): { consumerId: string; sessionId: string } | null {
    try {
      const { header, claims, signingInput, signature } = decodeCompact(token, MAX_TOKEN_LENGTH);
      if (header.alg !== ALG || header.typ !== TYP || !Object.keys(header).every((k) => HEADER.has(k))) return null;
      const expected = this.mac(signingInput);
      if (signature.length !== expected.length || !crypto.timingSafeEqual(signature, expected)) return null;
      checkClaims(claims, ['sub', 'iat', 'exp']);
      const ok =
        claims.iss === ISSUER &&
        claims.role === 'consumer' &&
        typeof claims.sub === 'string' &&
        typeof claims.sid === 'string' &&
        UUID.test(claims.sid);
      return ok ? { consumerId: claims.sub as string, sessionId: claims.sid as string } : null;
    } catch {
      return null;
    }
  }

  private mac(input: Buffer): Buffer {
    return crypto.createHmac('sha256', this.key).update(input).digest();
  }
}
