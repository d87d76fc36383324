import crypto from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, JsonLogger, MASTER_KEY, PeriodicJob } from '@saoma/common';
import { sqlState, type TxRunner } from '@saoma/database';
import { type IdempotencyRecord, type IdempotentRequest, IdempotencyService } from '@saoma/idempotency';
import { ConsumersService, IdentityError, MerchantsService, RateLimiter } from '@saoma/identity';
import { Money } from '@saoma/money';
import { chargeJti, CheckoutService, type Payment } from '../checkout.service';
import { PaymentsError } from '../payments-error';
import { parsePaymentCode, totpMatches } from '../payment-codes/payment-code';
import { openPaymentCodeKey, paymentCodeKek } from '../payment-codes/payment-code-key.crypto';
import { type Charge, CONSUMER_WAIT_SECONDS, dayCapOf, REFUSALS_PER_MINUTE, toCharge, withoutPin } from './charge';
import { ChargesRepository, type HandleRow, type NewCharge } from './charges.repository';

/** A charge the consumer is asked to confirm, as its app lists it. */
export interface AwaitingCharge {
  id: string;
  merchant: { id: string; name: string };
  amount: Money;
  expiresAt: Date;
}

const invalidCode = () =>
  new PaymentsError('invalid_payment_code', 'This payment code cannot be charged. Ask the customer to show a new one.');

/**
 * Charges: the till scans the consumer's payment code (付款码). A charge
 * within the offline limits moves the money at once, as a payment (the same
 * payments_pay call, with the charge's own statements in its transaction);
 * above them it waits for the consumer's PIN in the app.
 */
@Injectable()
export class ChargesService implements OnModuleInit, OnModuleDestroy {
  private readonly kek: Buffer;
  private sweeper?: PeriodicJob;

  constructor(
    private readonly repo: ChargesRepository,
    private readonly checkout: CheckoutService,
    private readonly merchants: MerchantsService,
    private readonly consumers: ConsumersService,
    private readonly idempotency: IdempotencyService,
    private readonly limiter: RateLimiter,
    private readonly logger: JsonLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MASTER_KEY) masterKey: Buffer,
  ) {
    this.kek = paymentCodeKek(masterKey);
  }

  onModuleInit(): void {
    if (!this.config.periodicJobs) return;
    this.sweeper = PeriodicJob.start({
      name: 'charge-expiry',
      everyMs: 15_000,
      firstAfterMs: 1000,
      run: () => this.repo.expireDue(),
      onError: (e) => this.logger.warn(`charge sweep: ${(e as Error).message}`, 'Charges'),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweeper?.stop();
  }

  /**
   * The merchant's charge of a scanned or typed code. The refusal limit is
   * judged before the key (a replay after the minute is then answered).
   */
  async charge(
    merchantId: string,
    input: { code: string; amount: string; reference?: string },
    idem: IdempotentRequest,
    present: (c: Charge) => unknown,
  ): Promise<{ status: number; body: unknown }> {
    const refusals = `charge-refusals:${merchantId}`;
    if ((await this.limiter.count(refusals)) >= REFUSALS_PER_MINUTE)
      throw new IdentityError('rate_limited', 'Too many refused payment codes; wait a minute.');
    const statusOf = (c: Charge) => (c.status === 'awaiting_consumer' ? 202 : 201);
    let status = 0;
    const body = await this.idempotency.run(
      idem,
      statusOf,
      async (tx, record) => {
        const c = await this.chargeOnce(merchantId, input, tx, record, refusals);
        status = statusOf(c);
        return c;
      },
      present,
      { replayFirst: true },
    );
    // a replay answers through StoredResponse; a fresh answer's status is the charge's
    return { status, body };
  }

  private async chargeOnce(
    merchantId: string,
    input: { code: string; amount: string; reference?: string },
    tx: TxRunner,
    record: (c: Charge) => IdempotencyRecord,
    refusals: string,
  ): Promise<Charge> {
    const handle = await this.validHandle(input.code, refusals);
    const merchant = await this.merchants.get(merchantId);
    const amount = Money.parse(input.amount, merchant.currency);
    const c: NewCharge = {
      id: crypto.randomUUID(),
      merchantId,
      consumerId: handle.consumer_id,
      packId: handle.pack_id,
      handle: handle.handle,
      currency: amount.currency,
      amount: amount.minor,
      reference: input.reference ?? null,
    };
    const limit = this.checkout.noPinLimit(amount.currency);
    if (withoutPin(amount, limit)) {
      try {
        const payment = await this.checkout.settle(
          { consumerId: c.consumerId, merchant, amount, source: this.sourceOf(c.id) },
          (p) => record(this.paidCharge(c, p)),
          (em, p) => this.repo.recordPaid(em, c, p, dayCapOf(limit)),
        );
        return this.paidCharge(c, payment);
      } catch (err) {
        if (sqlState(err) !== 'SC002') throw await this.refusalOf(err, refusals);
      }
    }
    try {
      // what the runner's function returns is what it stores under the key
      return await tx(async (em) => toCharge(await this.repo.recordAwaiting(em, c, CONSUMER_WAIT_SECONDS)));
    } catch (err) {
      throw await this.refusalOf(err, refusals);
    }
  }

  /**
   * The code's handle, when the code may be charged. A used handle is said
   * so whatever the rest; anything else wrong is one refusal with no hint of
   * which part failed, and counts toward the merchant's limit.
   */
  private async validHandle(code: string, refusals: string): Promise<HandleRow> {
    const parts = parsePaymentCode(code);
    const handle = parts ? await this.repo.findHandle(parts.handle) : undefined;
    if (handle?.used) throw new PaymentsError('payment_code_used', 'This payment code has been used.');
    const ok =
      parts !== null &&
      handle !== undefined &&
      handle.live &&
      (await totpMatches(openPaymentCodeKey(this.kek, handle.pack_id, handle.key_blob), parts.totp, Date.now() / 1000));
    if (!ok || !handle) {
      await this.limiter.hit(refusals, REFUSALS_PER_MINUTE);
      throw invalidCode();
    }
    if (handle.frozen)
      throw new IdentityError('account_frozen', 'This customer’s wallet is frozen: ask for another way to pay.');
    return handle;
  }

  /** SC001..SC004 of the charges' SQL functions as the contract's refusals. */
  private async refusalOf(err: unknown, refusals: string | null): Promise<unknown> {
    switch (sqlState(err)) {
      case 'SC001': // the pack was deleted or expired between the look-up and the charge
        if (refusals) await this.limiter.hit(refusals, REFUSALS_PER_MINUTE);
        return invalidCode();
      case 'SC003':
        return new PaymentsError('payment_code_used', 'This payment code has been used.');
      case 'SC004':
        return new PaymentsError('charge_not_awaiting', 'This charge no longer waits for a confirmation.');
      default:
        return err;
    }
  }

  private sourceOf(chargeId: string) {
    return { codeId: null, orderId: null, chargeId, tokenJti: chargeJti(chargeId) };
  }

  private paidCharge(c: NewCharge, p: Payment): Charge {
    return {
      id: c.id,
      status: 'succeeded',
      merchantId: c.merchantId,
      amount: p.amount,
      reference: c.reference,
      createdAt: p.createdAt,
      expiresAt: null,
      closedAt: p.createdAt,
      paymentId: p.id,
      discount: p.discount,
      charged: p.charged,
      payer: p.payer,
    };
  }

  async getForMerchant(merchantId: string, id: string): Promise<Charge> {
    const row = await this.repo.findForMerchant(id, merchantId);
    if (!row) throw new PaymentsError('charge_not_found', 'No such charge.');
    return toCharge(row);
  }

  async awaiting(consumerId: string): Promise<AwaitingCharge[]> {
    return (await this.repo.awaitingFor(consumerId)).map((r) => ({
      id: r.id,
      merchant: { id: r.merchant_id, name: r.merchant_name },
      amount: Money.ofMinor(r.amount, r.currency.trim()),
      expiresAt: new Date(r.expires_at!),
    }));
  }

  /** The consumer confirms a waiting charge with its PIN: then the money moves, as a payment. */
  async confirm(
    consumerId: string,
    chargeId: string,
    pin: string,
    record: (p: Payment) => IdempotencyRecord,
  ): Promise<Payment> {
    const waiting = await this.waitingOf(consumerId, chargeId);
    await this.consumers.checkPin(consumerId, pin);
    const merchant = await this.merchants.get(waiting.merchantId);
    try {
      return await this.checkout.settle(
        { consumerId, merchant, amount: waiting.amount, source: this.sourceOf(chargeId) },
        record,
        (em, p) => this.repo.confirm(em, chargeId, consumerId, p.id),
      );
    } catch (err) {
      throw await this.refusalOf(err, null);
    }
  }

  async decline(consumerId: string, chargeId: string): Promise<Charge> {
    const declined = await this.repo.decline(chargeId, consumerId);
    if (declined) return toCharge(declined);
    await this.waitingOf(consumerId, chargeId); // 404 or 409, as it stands
    throw new PaymentsError('charge_not_awaiting', 'This charge no longer waits for a confirmation.');
  }

  private async waitingOf(consumerId: string, chargeId: string): Promise<Charge> {
    const row = await this.repo.findForConsumer(chargeId, consumerId);
    if (!row) throw new PaymentsError('charge_not_found', 'No such charge.');
    if (row.status !== 'awaiting_consumer')
      throw new PaymentsError('charge_not_awaiting', 'This charge no longer waits for a confirmation.');
    return toCharge(row);
  }
}
