import crypto from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  APP_CONFIG,
  type AppConfig,
  decodeTimeIdCursor,
  JsonLogger,
  MASTER_KEY,
  PeriodicJob,
  purposeKey,
  timeIdPage,
} from '@saoma/common';
import { inTransaction, type TxRunner } from '@saoma/database';
import { ConsumersService } from '@saoma/identity';
import { LedgerService } from '@saoma/ledger';
import { Money } from '@saoma/money';
import { DataSource, type EntityManager } from 'typeorm';
import { CheckoutService } from '../checkout.service';
import { PaymentsError } from '../payments-error';
import { WalletsService } from '../wallets.service';
import { type TransferRow, type TransferStatus, TransfersRepository } from './transfers.repository';

/** How long a transfer waits for its phone to register before it goes back. */
export const TRANSFER_HOLD_MS = 7 * 24 * 3600 * 1000;
const SWEEP_BATCH = 500;

/** A transfer as one of its two parties sees it. */
export interface Transfer {
  id: string;
  status: TransferStatus;
  amount: Money;
  /** Which end the viewer is. */
  direction: 'sent' | 'received';
  /** The recipient's masked name, once there is a recipient. */
  to: { displayName?: string };
  /** The sender's masked name (shown to the recipient). */
  from: { displayName: string };
  note?: string;
  createdAt: Date;
  /** While pending: when it goes back unless the phone registers. */
  expiresAt?: Date;
  settledAt?: Date;
}

/**
 * Money sent to a phone. To a registered consumer it arrives at once; to a
 * phone not yet registered it waits in the platform's in-transit account
 * for 7 days (under a keyed hash of the phone, never the phone), and is
 * delivered when that phone registers, else returned. Each move is one
 * ledger entry in one transaction with its row.
 */
@Injectable()
export class TransfersService implements OnModuleInit, OnModuleDestroy {
  private readonly phoneKey: Buffer;
  private sweeper?: PeriodicJob;

  constructor(
    private readonly repo: TransfersRepository,
    private readonly consumers: ConsumersService,
    private readonly wallets: WalletsService,
    private readonly ledger: LedgerService,
    private readonly checkout: CheckoutService,
    private readonly ds: DataSource,
    private readonly logger: JsonLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MASTER_KEY) masterKey: Buffer,
  ) {
    this.phoneKey = purposeKey(masterKey, 'saoma/transfer/phone/v1');
  }

  onModuleInit(): void {
    // on every process: the registration happened here, so the delivery starts here
    this.consumers.onRegistered((c) => this.deliverTo(c).then(() => undefined));
    if (!this.config.periodicJobs) return;
    this.sweeper = PeriodicJob.start({
      name: 'transfer-settlement',
      everyMs: 30_000,
      firstAfterMs: 2000,
      run: async () => {
        await this.deliverRegistered();
        await this.returnExpired();
      },
      onError: (e) => this.logger.warn(`transfer sweep: ${(e as Error).message}`, 'Transfers'),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweeper?.stop();
  }

  private digest(phone: string): string {
    return crypto.createHmac('sha256', this.phoneKey).update(phone).digest('base64url');
  }

  async send(
    senderId: string,
    input: { toPhone: string; amount: string; currency: string; note?: string; pin?: string },
    tx: TxRunner,
  ): Promise<Transfer> {
    const amount = Money.parse(input.amount, input.currency);
    const recipientId = (await this.consumers.idByPhone(input.toPhone)) ?? null;
    if (recipientId === senderId) throw new PaymentsError('self_transfer', 'You cannot send money to yourself.');
    if (input.pin !== undefined) await this.consumers.checkPin(senderId, input.pin);
    else if (amount.cmp(this.checkout.noPinLimit(amount.currency)) > 0)
      throw new PaymentsError(
        'pin_required',
        `Transfers above ${this.checkout.noPinLimit(amount.currency).format()} ${amount.currency} need the PIN.`,
      );
    const from = await this.wallets.consumerWallet(senderId, amount.currency);
    const to = recipientId
      ? await this.wallets.consumerWallet(recipientId, amount.currency)
      : await this.wallets.platform(amount.currency).transfersInTransit();
    const id = crypto.randomUUID();
    // the response is made inside: the runner keeps it with the idempotency record
    return tx(async (em) => {
      const { entry } = await this.ledger.post(
        {
          kind: 'transfer',
          reference: `transfer:${id}`,
          metadata: { transferId: id },
          postings: [
            { accountId: from.id, side: 'D', amount },
            { accountId: to.id, side: 'C', amount },
          ],
        },
        em,
      );
      const row = await this.repo.insert(
        {
          id,
          senderId,
          recipientId,
          toPhoneDigest: recipientId ? null : this.digest(input.toPhone),
          amount: amount.minor,
          currency: amount.currency,
          note: input.note ?? null,
          entryId: entry.id,
          holdMs: TRANSFER_HOLD_MS,
        },
        em,
      );
      return this.view(row, senderId, em);
    });
  }

  async get(consumerId: string, id: string): Promise<Transfer> {
    const row = await this.repo.findFor(id, consumerId);
    if (!row) throw new PaymentsError('transfer_not_found', 'No such transfer of yours.');
    return this.view(row, consumerId);
  }

  async list(
    consumerId: string,
    opts: { role: 'sent' | 'received' | null; limit: number; cursor: string | null },
  ): Promise<{ data: Transfer[]; nextCursor: string | null }> {
    const rows = await this.repo.listFor(consumerId, opts.role, decodeTimeIdCursor(opts.cursor), opts.limit + 1);
    const names = await this.consumers.displayNames(rows.flatMap((r) => [r.sender_id, r.recipient_id ?? []].flat()));
    return timeIdPage(rows, opts.limit, (r) => this.present(r, consumerId, names));
  }

  /** Whether the consumer sent transfers that still wait (closing the account waits for them). */
  hasPendingSent(consumerId: string): Promise<boolean> {
    return this.repo.hasPendingFrom(consumerId);
  }

  /** Delivers what waits for this newly registered phone; the number delivered. */
  async deliverTo(consumer: { id: string; phone: string }): Promise<number> {
    let delivered = 0;
    for (const id of await this.repo.pendingForDigest(this.digest(consumer.phone))) {
      if (await this.settleOne(id, { status: 'completed', recipientId: consumer.id })) delivered++;
    }
    return delivered;
  }

  /**
   * The catch-up of deliveries a registration's own call missed (a crash
   * between the registration and the delivery): every phone registered
   * since the oldest pending transfer.
   */
  async deliverRegistered(): Promise<number> {
    const since = await this.repo.oldestPending();
    if (!since) return 0;
    let delivered = 0;
    for (const c of await this.consumers.registeredSince(since)) delivered += await this.deliverTo(c);
    return delivered;
  }

  /** Sends back what waited 7 days; safe twice and on several processes at once. The number returned. */
  async returnExpired(now: Date | null = null): Promise<number> {
    let returned = 0;
    for (const id of await this.repo.dueForReturn(now ?? new Date(), SWEEP_BATCH)) {
      if (await this.settleOne(id, { status: 'returned' }, now)) returned++;
    }
    return returned;
  }

  /**
   * One pending transfer delivered or returned: its row locked (or skipped
   * when another process holds it), then one entry out of the in-transit
   * account, then the row settled, in one transaction. The entry's
   * reference is the transfer's, so a second settlement cannot post twice.
   */
  private async settleOne(
    id: string,
    outcome: { status: 'completed'; recipientId: string } | { status: 'returned' },
    now: Date | null = null,
  ): Promise<boolean> {
    return inTransaction(this.ds, async (em) => {
      const t = await this.repo.lockPending(id, outcome.status === 'completed' ? 'deliver' : 'return', now, em);
      if (!t) return false;
      const amount = Money.ofMinor(t.amount, t.currency);
      const ownerId = outcome.status === 'completed' ? outcome.recipientId : t.sender_id;
      const wallet = await this.wallets.consumerWallet(ownerId, t.currency, em);
      const transit = await this.wallets.platform(t.currency).transfersInTransit();
      const delivered = outcome.status === 'completed';
      const { entry } = await this.ledger.post(
        {
          kind: delivered ? 'transfer_delivery' : 'transfer_return',
          reference: `${delivered ? 'transfer_delivery' : 'transfer_return'}:${id}`,
          metadata: { transferId: id, lineType: delivered ? 'transfer_in' : 'transfer_returned' },
          postings: [
            { accountId: transit.id, side: 'D', amount },
            { accountId: wallet.id, side: 'C', amount },
          ],
        },
        em,
      );
      await this.repo.settle(id, outcome, entry.id, em);
      return true;
    });
  }

  private async view(row: TransferRow, viewerId: string, em?: EntityManager): Promise<Transfer> {
    const names = await this.consumers.displayNames(
      [row.sender_id, ...(row.recipient_id ? [row.recipient_id] : [])],
      em,
    );
    return this.present(row, viewerId, names);
  }

  private present(row: TransferRow, viewerId: string, names: Map<string, string>): Transfer {
    return {
      id: row.id,
      status: row.status,
      amount: Money.ofMinor(row.amount, row.currency),
      direction: row.sender_id === viewerId ? 'sent' : 'received',
      to: row.recipient_id ? { displayName: names.get(row.recipient_id) ?? '*' } : {},
      from: { displayName: names.get(row.sender_id) ?? '*' },
      ...(row.note ? { note: row.note } : {}),
      createdAt: new Date(row.created_at),
      ...(row.status === 'pending' ? { expiresAt: new Date(row.expires_at) } : {}),
      ...(row.settled_at ? { settledAt: new Date(row.settled_at) } : {}),
    };
  }
}
