import crypto from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IdentityError } from './identity-error';
import { type SessionRow, SessionsRepository } from './sessions.repository';
import { SessionTokenService } from './session-token.service';

/** How long a process trusts what it read of a session: revocation reaches every process within this. */
export const SESSION_TRUST_MS = 1000;
/** last_used_at is written at most this often per session (it is shown, not enforced). */
const TOUCH_EVERY_MS = 60_000;
const CACHE_MAX = 50_000;

export interface SessionCheck {
  live: boolean;
  frozen: boolean;
}

export interface ConsumerSession {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  userAgent?: string;
  current: boolean;
}

/**
 * Consumer sessions as rows: a token works while its row is live. Each
 * process reads a session's row at most once a second (a busy phone paying
 * in a loop costs one indexed read a second, not one per request), so a
 * sign-out elsewhere takes effect everywhere within SESSION_TRUST_MS.
 */
@Injectable()
export class ConsumerSessionsService {
  private readonly seen = new Map<string, { state: SessionCheck; until: number }>();

  constructor(
    private readonly repo: SessionsRepository,
    private readonly tokens: SessionTokenService,
  ) {}

  async issue(consumerId: string, userAgent: string | null): Promise<{ token: string; expiresAt: Date }> {
    const id = crypto.randomUUID();
    const issued = this.tokens.issue(consumerId, id);
    await this.repo.insert({
      id,
      consumerId,
      expiresAt: issued.expiresAt,
      userAgent: userAgent?.slice(0, 200) ?? null,
    });
    return issued;
  }

  async check(sessionId: string, consumerId: string): Promise<SessionCheck> {
    const now = Date.now();
    const hit = this.seen.get(sessionId);
    if (hit && hit.until > now) return hit.state;
    const s = await this.repo.state(sessionId, consumerId);
    if (s.live && s.last_used_at && now - new Date(s.last_used_at).getTime() > TOUCH_EVERY_MS)
      await this.repo.touch(sessionId);
    const state = { live: s.live, frozen: s.frozen };
    if (this.seen.size >= CACHE_MAX) this.seen.clear();
    this.seen.set(sessionId, { state, until: now + SESSION_TRUST_MS });
    return state;
  }

  async list(consumerId: string, currentId: string | undefined): Promise<ConsumerSession[]> {
    return (await this.repo.live(consumerId)).map((r: SessionRow) => ({
      id: r.id,
      createdAt: new Date(r.created_at),
      lastUsedAt: new Date(r.last_used_at),
      ...(r.user_agent ? { userAgent: r.user_agent } : {}),
      current: r.id === currentId,
    }));
  }

  async end(consumerId: string, sessionId: string): Promise<void> {
    this.seen.delete(sessionId);
    if (!(await this.repo.end(consumerId, sessionId)))
      throw new IdentityError('session_not_found', 'No such session of yours.');
  }

  /** Every session of the consumer but `keep`; this process forgets what it knew of them at once. */
  async endAll(consumerId: string, keep: string | null): Promise<void> {
    await this.repo.endAll(consumerId, keep);
    this.seen.clear();
  }
}
