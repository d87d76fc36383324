import crypto from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, JsonLogger, PeriodicJob } from '@saoma/common';
import { inTransaction } from '@saoma/database';
import { MerchantsService } from '@saoma/identity';
import { Money } from '@saoma/money';
import { DataSource, type EntityManager } from 'typeorm';
import { BillsRepository } from './bills/bills.repository';
import { CodesRepository, type OrderRow } from './codes.repository';
import { CodesService } from './codes.service';
import { PaymentsError } from './payments-error';
import { WebhookOutboxRepository } from './webhook-outbox.repository';

export interface Order {
  id: string;
  merchantId: string;
  codeId: string;
  reference: string;
  amount: Money;
  status: 'open' | 'paid' | 'expired' | 'cancelled';
  payload: string;
  expiresAt: Date;
  paymentId: string | null;
  createdAt: Date;
}

function toOrder(r: OrderRow): Order {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    codeId: r.code_id,
    reference: r.reference,
    amount: Money.ofMinor(r.amount, r.currency),
    // an open order past its time is expired, even before the sweeper gets to it
    status: r.status === 'open' && new Date(r.expires_at).getTime() <= Date.now() ? 'expired' : r.status,
    payload: r.payload ?? '',
    expiresAt: r.expires_at,
    paymentId: r.payment_id,
    createdAt: r.created_at,
  };
}

const orderEvent = (o: OrderRow) => ({
  orderId: o.id,
  reference: o.reference,
  amount: Money.ofMinor(o.amount, o.currency).format(),
  currency: o.currency,
});

/** Dynamic codes: one order, one sale, one payment at most. */
@Injectable()
export class OrdersService implements OnModuleInit, OnModuleDestroy {
  private sweeper?: PeriodicJob;

  constructor(
    private readonly ds: DataSource,
    private readonly repo: CodesRepository,
    private readonly codes: CodesService,
    private readonly merchants: MerchantsService,
    private readonly outbox: WebhookOutboxRepository,
    private readonly bills: BillsRepository,
    private readonly logger: JsonLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.periodicJobs) return;
    this.sweeper = PeriodicJob.start({
      name: 'order-expiry',
      everyMs: 15_000,
      firstAfterMs: 1000,
      run: () => this.expireDue(),
      onError: (e) => this.logger.warn(`order sweep: ${(e as Error).message}`, 'Orders'),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweeper?.stop();
  }

  /**
   * Create an order, or return the one with the same reference: the same
   * amount → that order as it now stands (created: false); another amount → 409.
   */
  async create(
    merchantId: string,
    input: { amount: string; reference: string; expiresInSeconds?: number },
  ): Promise<{ order: Order; created: boolean }> {
    const m = await this.merchants.get(merchantId);
    const amount = Money.parse(input.amount, m.currency);
    const existing = await this.repo.findOrderByReference(merchantId, input.reference);
    if (existing) return { order: await this.sameOrConflict(existing, amount), created: false };
    const expiresAt = new Date(Date.now() + (input.expiresInSeconds ?? 900) * 1000);
    const row = await inTransaction(this.ds, async (em) => {
      const code = await this.codes.createDynamic(m, input.reference, amount, em);
      const order = await this.repo.insertOrder(
        {
          id: crypto.randomUUID(),
          merchant_id: m.id,
          code_id: code.id,
          reference: input.reference,
          amount: amount.minor.toString(),
          currency: m.currency,
          expires_at: expiresAt,
        },
        em,
      );
      return order ? { ...order, payload: code.payload } : null;
    });
    if (row) return { order: toOrder(row), created: true };
    // lost a race with the same reference: answer like a repeat
    const winner = await this.repo.findOrderByReference(merchantId, input.reference);
    return { order: await this.sameOrConflict(winner!, amount), created: false };
  }

  /** A repeat: the same order, unless the amount differs or the reference is a bill's (bills share the namespace). */
  private async sameOrConflict(r: OrderRow, amount: Money): Promise<Order> {
    if (await this.bills.isBill(r.id))
      throw new PaymentsError('duplicate_reference', 'A bill of yours has this reference; an order needs its own.');
    if (BigInt(r.amount) !== amount.minor)
      throw new PaymentsError('duplicate_reference', 'An order with this reference exists with another amount.');
    return toOrder(r);
  }

  async get(merchantId: string, id: string): Promise<Order> {
    const row = await this.repo.findOrder(id, merchantId);
    if (!row) throw new PaymentsError('order_not_found', 'No such order.');
    return toOrder(row);
  }

  async cancel(merchantId: string, id: string): Promise<Order> {
    const current = await this.get(merchantId, id);
    if (current.status === 'cancelled') return current;
    if (current.status !== 'open')
      throw new PaymentsError('order_not_payable', `The order is ${current.status}; it cannot be cancelled.`);
    // a bill stays payable until it is paid (or, when not payable after it, its due date passes)
    if (await this.bills.isBill(id))
      throw new PaymentsError('order_not_payable', 'This order is a bill; a bill cannot be cancelled.');
    const done = await inTransaction(this.ds, async (em) => {
      const row = await this.repo.cancelOrder(id, merchantId, em);
      if (row) await this.outbox.enqueue(em, merchantId, 'order.cancelled', orderEvent(row));
      return row;
    });
    if (!done) {
      const now = await this.get(merchantId, id);
      if (now.status === 'cancelled') return now;
      throw new PaymentsError('order_not_payable', `The order is ${now.status}; it cannot be cancelled.`);
    }
    return this.get(merchantId, id);
  }

  /** Expire what ran out and tell the merchants; the sweeper calls it every few seconds. */
  async expireDue(): Promise<number> {
    return inTransaction(this.ds, async (em: EntityManager) => {
      const rows = await this.repo.expireDue(em);
      for (const r of rows) await this.outbox.enqueue(em, r.merchant_id, 'order.expired', orderEvent(r));
      return rows.length;
    });
  }
}
