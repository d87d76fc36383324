import crypto from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, MASTER_KEY } from '@saoma/common';
import { SignJWT, jwtVerify } from 'jose';

const ALG = 'HS256';
const TYP = 'saoma-session+jwt';
const ISSUER = 'saoma';

/**
 * Consumer sessions: JWTs signed with a key derived from the master secret,
 * so they verify after a restart. The algorithm list is pinned to HS256 and
 * typ, iss, sub, iat, exp are required (RFC 8725).
 */
@Injectable()
export class SessionTokenService {
  /** A KeyObject (not bytes): jose caches the imported key per object instead of importing it on every call. */
  private readonly key: crypto.KeyObject;

  constructor(
    @Inject(MASTER_KEY) masterKey: Buffer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = crypto.createSecretKey(crypto.createHmac('sha256', masterKey).update('saoma/session-token/v1').digest());
  }

  async issue(consumerId: string): Promise<{ token: string; expiresAt: Date }> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + this.config.sessionTtlSeconds;
    const token = await new SignJWT({ role: 'consumer' })
      .setProtectedHeader({ alg: ALG, typ: TYP })
      .setIssuer(ISSUER)
      .setSubject(consumerId)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .setJti(crypto.randomUUID())
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The consumer id, or null for anything that is not a valid, current session token. */
  async verify(token: string): Promise<string | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALG],
        typ: TYP,
        issuer: ISSUER,
        requiredClaims: ['sub', 'iat', 'exp'],
      });
      return payload.role === 'consumer' && typeof payload.sub === 'string' ? payload.sub : null;
    } catch {
      return null;
    }
  }
}
