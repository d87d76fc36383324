import { Injectable } from '@nestjs/common';
import { parseApiKey, sameHash, sha256 } from './api-key';
import { IdentityRepository } from './identity.repository';
import type { Principal } from './principal';
import { ConsumerSessionsService } from './consumer-sessions.service';
import { SessionTokenService } from './session-token.service';

const CACHE_MS = 60_000;
const CACHE_MAX = 10_000;

/** Turns a bearer credential into a principal, or null. */
@Injectable()
export class AuthService {
  /** Verified API keys by hash of the whole key: a busy till does not hit the database on every request. */
  private readonly cache = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly repo: IdentityRepository,
    private readonly tokens: SessionTokenService,
    private readonly sessions: ConsumerSessionsService,
  ) {}

  async authenticate(credential: string): Promise<Principal | null> {
    if (credential.length > 2048) return null;
    if (credential.startsWith('eyJ')) {
      const t = this.tokens.verify(credential);
      if (!t) return null;
      const s = await this.sessions.check(t.sessionId, t.consumerId);
      return s.live ? { role: 'consumer', id: t.consumerId, sessionId: t.sessionId, frozen: s.frozen } : null;
    }
    const cacheKey = sha256(credential);
    const hit = this.cache.get(cacheKey);
    if (hit && hit.until > Date.now()) return hit.principal;
    const principal = await this.lookupKey(credential);
    if (principal) {
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(cacheKey, { principal, until: Date.now() + CACHE_MS });
    }
    return principal;
  }

  private async lookupKey(credential: string): Promise<Principal | null> {
    const parsed = parseApiKey(credential);
    if (!parsed) {
      // the bootstrap admin key from the environment has no structure of ours
      const admin = await this.repo.findOperatorByPrefix('env');
      return admin && sameHash(sha256(credential), admin.api_key_hash) ? { role: 'admin', id: admin.id } : null;
    }
    if (parsed.kind === 'smk') {
      const m = await this.repo.findMerchantByPrefix(parsed.prefix);
      return m && sameHash(sha256(parsed.secret), m.api_key_hash) ? { role: 'merchant', id: m.id } : null;
    }
    const o = await this.repo.findOperatorByPrefix(parsed.prefix);
    return o && sameHash(sha256(parsed.secret), o.api_key_hash) ? { role: o.role, id: o.id } : null;
  }
}
