import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import crypto from 'node:crypto';
import { APP_CONFIG, type AppConfig, MASTER_KEY, purposeKey } from '@saoma/common';
import { IdentityError } from './identity-error';
import { IdentityRepository } from './identity.repository';
import { decoyHash, hashPin, verifyPin } from './pin-hasher';
import { RateLimiter } from './rate-limiter';
import { ConsumerSessionsService } from './consumer-sessions.service';
import { displayName } from './display-name';

export interface Consumer {
  id: string;
  name: string;
  phone: string;
  createdAt: Date;
  /** While finance has frozen the wallet. */
  frozenAt?: Date;
}

/** Where the consumer's account stands. */
export interface ConsumerStanding {
  id: string;
  closedAt: Date | null;
  frozenAt: Date | null;
}

/** Told of each new registration, after it committed (pending transfers to the phone are delivered this way). */
export type RegistrationListener = (consumer: { id: string; phone: string }) => Promise<void>;

// above the lockout threshold, so that a locked account answers too_many_attempts, not rate_limited
const PER_PHONE_SIGNINS_PER_MINUTE = 20;

@Injectable()
export class ConsumersService {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly sessions: ConsumerSessionsService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MASTER_KEY) masterKey: Buffer,
  ) {
    this.phoneKey = purposeKey(masterKey, 'saoma/rate-limit/phone/v1');
  }

  private readonly phoneKey: Buffer;
  private readonly registrationListeners: RegistrationListener[] = [];

  /** A listener's failure never fails the registration: what it does must also be caught up by a job. */
  onRegistered(listener: RegistrationListener): void {
    this.registrationListeners.push(listener);
  }

  /** The per-phone counter's key: a keyed hash, so that no phone is stored with it (an erased phone stays erased). */
  private phoneBucket(phone: string): string {
    return `signin:phone:${crypto.createHmac('sha256', this.phoneKey).update(phone).digest('base64url').slice(0, 22)}`;
  }

  async register(
    input: { name: string; phone: string; pin: string },
    clientIp: string,
    userAgent: string | null = null,
  ): Promise<{ consumer: Consumer; token: string; expiresAt: Date }> {
    if (!(await this.limiter.hit(`register:ip:${clientIp}`, this.config.authRateLimitPerMinute))) {
      throw new IdentityError('rate_limited', 'Too many registrations from this address; wait a minute.');
    }
    const row = await this.repo.insertConsumer(input.name.trim(), input.phone, await hashPin(input.pin));
    if (!row) throw new IdentityError('phone_taken', 'A consumer with this phone already exists.');
    const session = await this.sessions.issue(row.id, userAgent);
    for (const listener of this.registrationListeners) {
      await listener({ id: row.id, phone: row.phone }).catch(() => undefined);
    }
    return { consumer: { id: row.id, name: row.name, phone: row.phone, createdAt: row.created_at }, ...session };
  }

  /**
   * Sign in with phone and PIN. Each attempt is claimed before it is judged
   * (see IdentityRepository.claimPinAttempt); five wrong in a row lock the
   * account for 15 minutes, the right PIN included.
   */
  async signIn(
    phone: string,
    pin: string,
    clientIp: string,
    userAgent: string | null = null,
  ): Promise<{ token: string; expiresAt: Date }> {
    if (
      !(await this.limiter.hit(`signin:ip:${clientIp}`, this.config.authRateLimitPerMinute)) ||
      !(await this.limiter.hit(this.phoneBucket(phone), PER_PHONE_SIGNINS_PER_MINUTE))
    ) {
      throw new IdentityError('rate_limited', 'Too many sign-in attempts; wait a minute.');
    }
    const claimed = await this.repo.claimPinAttempt({ phone });
    if (!claimed) {
      const exists = await this.repo.findConsumerByPhone(phone);
      if (exists)
        throw new IdentityError('too_many_attempts', 'Too many wrong PINs: the account is locked for 15 minutes.');
      await verifyPin(pin, await decoyHash()); // same time as a real check
      throw new IdentityError('invalid_credentials', 'Phone or PIN is wrong.');
    }
    if (!(await verifyPin(pin, claimed.pin_hash)))
      throw new IdentityError('invalid_credentials', 'Phone or PIN is wrong.');
    await this.repo.clearPinAttempts(claimed.id);
    return this.sessions.issue(claimed.id, userAgent);
  }

  /** Check a consumer's PIN (payments above the no-PIN limit), under the same lockout. */
  async checkPin(consumerId: string, pin: string): Promise<void> {
    const claimed = await this.repo.claimPinAttempt({ id: consumerId });
    if (!claimed)
      throw new IdentityError('too_many_attempts', 'Too many wrong PINs: the account is locked for 15 minutes.');
    if (!(await verifyPin(pin, claimed.pin_hash))) throw new IdentityError('invalid_credentials', 'The PIN is wrong.');
    await this.repo.clearPinAttempts(claimed.id);
  }

  /**
   * A new PIN after the current one (a wrong one counts toward the lockout);
   * every other session ends. The caller ends the payment-code packs.
   */
  async changePin(
    consumerId: string,
    sessionId: string | undefined,
    currentPin: string,
    newPin: string,
  ): Promise<void> {
    await this.checkPin(consumerId, currentPin);
    await this.repo.setPinHash(consumerId, await hashPin(newPin));
    await this.sessions.endAll(consumerId, sessionId ?? null);
  }

  /**
   * Closes the account and erases the identity (name, phone, PIN hash); the
   * id stays for the ledger. Every session ends. The caller checks the
   * balances first.
   */
  async close(consumerId: string): Promise<Date> {
    const closedAt = await this.repo.eraseConsumer(consumerId);
    if (!closedAt) throw new IdentityError('account_closed', 'This account is closed.');
    await this.sessions.endAll(consumerId, null);
    return closedAt;
  }

  /** The open account registered with this phone, if any. */
  async idByPhone(phone: string): Promise<string | undefined> {
    return (await this.repo.findConsumerByPhone(phone))?.id;
  }

  /** Open accounts registered since `since`, with their phones (for deliveries owed to a new phone). */
  async registeredSince(since: Date): Promise<Array<{ id: string; phone: string }>> {
    return this.repo.registeredSince(since);
  }

  /**
   * Each consumer's masked name as another consumer may see it (displayName),
   * by id. Inside a transaction, pass its manager: a second connection taken
   * while the first is held can wait on a pool that every such transaction holds.
   */
  async displayNames(ids: string[], em?: EntityManager): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.repo.namesOf(unique, em);
    return new Map(unique.map((id) => [id, displayName(rows.get(id) ?? null)]));
  }

  async standing(id: string): Promise<ConsumerStanding> {
    const row = await this.repo.findConsumer(id);
    if (!row) throw new IdentityError('consumer_not_found', 'No such consumer.');
    return { id: row.id, closedAt: row.closed_at, frozenAt: row.frozen_at };
  }

  async get(id: string): Promise<Consumer> {
    const row = await this.repo.findConsumer(id);
    if (!row) throw new IdentityError('consumer_not_found', 'No such consumer.');
    return {
      id: row.id,
      name: row.name,
      phone: row.phone,
      createdAt: row.created_at,
      ...(row.frozen_at ? { frozenAt: new Date(row.frozen_at) } : {}),
    };
  }
}
