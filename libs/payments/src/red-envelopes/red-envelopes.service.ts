import crypto from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, decodeTimeIdCursor, JsonLogger, PeriodicJob, timeIdPage } from '@saoma/common';
import { inTransaction, type TxRunner } from '@saoma/database';
import { ConsumersService, IdentityError, RateLimiter } from '@saoma/identity';
import { LedgerService } from '@saoma/ledger';
import { Money, MoneyError } from '@saoma/money';
import { DataSource } from 'typeorm';
import { PaymentsError } from '../payments-error';
import { WalletsService } from '../wallets.service';
import { type EnvelopeSplit, redEnvelopeShares } from './red-envelope-shares';
import { type EnvelopeRow, type EnvelopeStatus, RedEnvelopesRepository } from './red-envelopes.repository';

/** How long an envelope can be claimed. */
export const ENVELOPE_LIFETIME_MS = 24 * 3600 * 1000;
/** Codes are shared by hand: no 0/O, 1/I/L to misread. 12 of 31 characters: 59 bits. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 12;
/** Claims a consumer may try a minute: enough for any real use, too few to guess codes. */
const CLAIMS_PER_MINUTE = 30;
const SWEEP_BATCH = 500;

export interface RedEnvelope {
  id: string;
  /** Shown to its sender only. */
  code?: string;
  total: Money;
  count: number;
  split: EnvelopeSplit;
  message?: string;
  status: EnvelopeStatus;
  /** What is still to be claimed (0 once emptied or returned). */
  remaining: Money;
  /** What went back to the sender at expiry. */
  returned?: Money;
  claims: Array<{ displayName: string; amount: Money; at: Date }>;
  createdAt: Date;
  expiresAt: Date;
}

export interface EnvelopeClaim {
  envelopeId: string;
  amount: Money;
  from: { displayName: string };
  at: Date;
}

/** An envelope in a consumer's list: its sender's name, and the consumer's own share when they claimed one. */
export interface EnvelopeSummary {
  id: string;
  role: 'sent' | 'received';
  from: { displayName: string };
  total: Money;
  count: number;
  claimed: number;
  split: EnvelopeSplit;
  message?: string;
  status: EnvelopeStatus;
  myAmount?: Money;
  createdAt: Date;
  expiresAt: Date;
}

export function newEnvelopeCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)]).join('');
}

/**
 * Red envelopes (红包). Making one takes the money from the wallet at once
 * into the platform's envelopes-in-transit account and draws its shares;
 * each claim moves the next share to the claimer; at expiry what is left
 * goes back. Each is one ledger entry in one transaction with its rows.
 */
@Injectable()
export class RedEnvelopesService implements OnModuleInit, OnModuleDestroy {
  private sweeper?: PeriodicJob;

  constructor(
    private readonly repo: RedEnvelopesRepository,
    private readonly consumers: ConsumersService,
    private readonly wallets: WalletsService,
    private readonly ledger: LedgerService,
    private readonly limiter: RateLimiter,
    private readonly ds: DataSource,
    private readonly logger: JsonLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.periodicJobs) return;
    this.sweeper = PeriodicJob.start({
      name: 'red-envelope-return',
      everyMs: 30_000,
      firstAfterMs: 3000,
      run: () => this.returnExpired(),
      onError: (e) => this.logger.warn(`red envelope sweep: ${(e as Error).message}`, 'RedEnvelopes'),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweeper?.stop();
  }

  async create(
    senderId: string,
    input: { total: string; currency: string; count: number; split: EnvelopeSplit; message?: string },
    tx: TxRunner,
  ): Promise<RedEnvelope> {
    const total = Money.parse(input.total, input.currency);
    if (total.minor < BigInt(input.count))
      throw new MoneyError(
        'invalid_amount',
        `${input.count} shares need at least ${Money.of(BigInt(input.count), total.currency).format()} ${total.currency}.`,
      );
    const shares = redEnvelopeShares(total.minor, input.count, input.split);
    const wallet = await this.wallets.consumerWallet(senderId, total.currency);
    const transit = await this.wallets.platform(total.currency).envelopesInTransit();
    const id = crypto.randomUUID();
    return tx(async (em) => {
      const { entry } = await this.ledger.post(
        {
          kind: 'red_envelope',
          reference: `red_envelope:${id}`,
          metadata: { envelopeId: id, lineType: 'red_envelope_sent' },
          postings: [
            { accountId: wallet.id, side: 'D', amount: total },
            { accountId: transit.id, side: 'C', amount: total },
          ],
        },
        em,
      );
      await this.repo.insert(
        {
          id,
          senderId,
          code: newEnvelopeCode(),
          total: total.minor,
          currency: total.currency,
          split: input.split,
          message: input.message ?? null,
          entryId: entry.id,
          lifetimeMs: ENVELOPE_LIFETIME_MS,
          shares,
        },
        em,
      );
      const row = await this.repo.find(id, em);
      return this.present(row!, senderId, []);
    });
  }

  /**
   * The next share of the envelope this code names, to the caller. The
   * envelope's row is locked first, so claims of one envelope take its
   * shares one at a time: with 50 claims at once on 10 shares, 10 succeed.
   */
  async claim(consumerId: string, rawCode: string, tx: TxRunner): Promise<EnvelopeClaim> {
    if (!(await this.limiter.hit(`envelope-claim:${consumerId}`, CLAIMS_PER_MINUTE)))
      throw new IdentityError('rate_limited', 'Too many claims; wait a minute.');
    const code = rawCode.trim().toUpperCase();
    return tx(async (em) => {
      const e = await this.repo.lockByCode(code, consumerId, em);
      if (!e) throw new PaymentsError('envelope_not_found', 'No red envelope has this code.');
      if (e.mine) throw new PaymentsError('already_claimed', 'You have claimed from this envelope already.');
      if (e.expired) throw new PaymentsError('envelope_expired', 'This red envelope has expired.');
      if (e.claimed >= e.count) throw new PaymentsError('envelope_empty', 'Every share of this envelope is taken.');
      const amount = Money.ofMinor(await this.repo.shareAt(e.id, e.claimed, em), e.currency);
      const wallet = await this.wallets.consumerWallet(consumerId, e.currency, em);
      const transit = await this.wallets.platform(e.currency).envelopesInTransit();
      const { entry } = await this.ledger.post(
        {
          kind: 'red_envelope_claim',
          reference: `red_envelope_claim:${e.id}:${e.claimed}`,
          metadata: { envelopeId: e.id, lineType: 'red_envelope_received' },
          postings: [
            { accountId: transit.id, side: 'D', amount },
            { accountId: wallet.id, side: 'C', amount },
          ],
        },
        em,
      );
      const at = await this.repo.recordClaim(e.id, e.claimed, consumerId, entry.id, em);
      const names = await this.consumers.displayNames([e.sender_id], em);
      return { envelopeId: e.id, amount, from: { displayName: names.get(e.sender_id) ?? '*' }, at: new Date(at) };
    });
  }

  /** To its sender and to those who claimed from it; to anyone else it does not exist. */
  async get(consumerId: string, id: string): Promise<RedEnvelope> {
    const row = await this.repo.find(id);
    if (!row || !(await this.repo.isParty(id, consumerId)))
      throw new PaymentsError('envelope_not_found', 'No such red envelope of yours.');
    const claims = await this.repo.claimsOf(id);
    const names = await this.consumers.displayNames(claims.map((c) => c.claimed_by));
    return this.present(
      row,
      consumerId,
      claims.map((c) => ({
        displayName: names.get(c.claimed_by) ?? '*',
        amount: Money.ofMinor(c.amount, row.currency),
        at: new Date(c.claimed_at),
      })),
    );
  }

  async list(
    consumerId: string,
    opts: { role: 'sent' | 'received'; limit: number; cursor: string | null },
  ): Promise<{ data: EnvelopeSummary[]; nextCursor: string | null }> {
    const rows = await this.repo.listFor(consumerId, opts.role, decodeTimeIdCursor(opts.cursor), opts.limit + 1);
    const names = await this.consumers.displayNames(rows.map((r) => r.sender_id));
    return timeIdPage(rows, opts.limit, (r) => ({
      id: r.id,
      role: opts.role,
      from: { displayName: names.get(r.sender_id) ?? '*' },
      total: Money.ofMinor(r.total, r.currency),
      count: r.count,
      claimed: r.claimed,
      split: r.split,
      ...(r.message ? { message: r.message } : {}),
      status: r.status,
      ...(r.my_amount ? { myAmount: Money.ofMinor(r.my_amount, r.currency) } : {}),
      createdAt: new Date(r.created_at),
      expiresAt: new Date(r.expires_at),
    }));
  }

  hasOpenSent(consumerId: string): Promise<boolean> {
    return this.repo.hasOpenFrom(consumerId);
  }

  /** Sends what was not claimed back to the senders of expired envelopes; safe twice and on several processes at once. */
  async returnExpired(now: Date | null = null): Promise<number> {
    let returned = 0;
    for (const id of await this.repo.dueForReturn(now ?? new Date(), SWEEP_BATCH)) {
      if (await this.returnOne(id, now)) returned++;
    }
    return returned;
  }

  private returnOne(id: string, now: Date | null): Promise<boolean> {
    return inTransaction(this.ds, async (em) => {
      const e = await this.repo.lockExpired(id, now, em);
      if (!e) return false;
      const amount = Money.ofMinor(e.unclaimed, e.currency);
      const wallet = await this.wallets.consumerWallet(e.sender_id, e.currency, em);
      const transit = await this.wallets.platform(e.currency).envelopesInTransit();
      const { entry } = await this.ledger.post(
        {
          kind: 'red_envelope_return',
          reference: `red_envelope_return:${id}`,
          metadata: { envelopeId: id, lineType: 'red_envelope_returned' },
          postings: [
            { accountId: transit.id, side: 'D', amount },
            { accountId: wallet.id, side: 'C', amount },
          ],
        },
        em,
      );
      await this.repo.markReturned(id, entry.id, amount.minor, em);
      return true;
    });
  }

  private present(row: EnvelopeRow, viewerId: string, claims: RedEnvelope['claims']): RedEnvelope {
    const status: EnvelopeStatus =
      row.status === 'open' && new Date(row.expires_at).getTime() <= Date.now() ? 'expired' : row.status;
    return {
      id: row.id,
      ...(row.sender_id === viewerId ? { code: row.code } : {}),
      total: Money.ofMinor(row.total, row.currency),
      count: row.count,
      split: row.split,
      ...(row.message ? { message: row.message } : {}),
      status,
      remaining: Money.ofMinor(status === 'open' ? row.unclaimed : '0', row.currency),
      ...(row.returned_amount ? { returned: Money.ofMinor(row.returned_amount, row.currency) } : {}),
      claims,
      createdAt: new Date(row.created_at),
      expiresAt: new Date(row.expires_at),
    };
  }
}
