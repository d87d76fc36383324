import crypto from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MASTER_KEY } from '@saoma/common';
import { ConsumersService } from '@saoma/identity';
import { LedgerService } from '@saoma/ledger';
import type { Money } from '@saoma/money';
import { CheckoutService } from '../checkout.service';
import { PaymentsError } from '../payments-error';
import { HANDLES_PER_PACK, TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './payment-code';
import { newHandles, newPaymentCodeKey } from './payment-code-draws';
import { paymentCodeKek, sealPaymentCodeKey } from './payment-code-key.crypto';
import { PaymentCodesRepository } from './payment-codes.repository';

/** How long a pack lives: codes work offline for up to 7 days. */
export const PACK_LIFETIME_MS = 7 * 24 * 3600 * 1000;

export interface NewPack {
  packId: string;
  /** The TOTP key, base64url: shown once, to the phone that keeps the pack. */
  key: string;
  period: number;
  digits: number;
  handles: string[];
  /** The largest charge without the PIN, per currency the consumer holds. */
  offlineLimit: Money[];
  expiresAt: Date;
}

export interface Pack {
  packId: string;
  deviceName?: string;
  handlesLeft: number;
  expiresAt: Date;
}

@Injectable()
export class PaymentCodesService {
  private readonly kek: Buffer;

  constructor(
    private readonly repo: PaymentCodesRepository,
    private readonly consumers: ConsumersService,
    private readonly ledger: LedgerService,
    private readonly checkout: CheckoutService,
    @Inject(MASTER_KEY) masterKey: Buffer,
  ) {
    this.kek = paymentCodeKek(masterKey);
  }

  /** A pack for one phone, after the PIN: its key and handles leave the service this once. */
  /** Bound to the session that asked: when that phone is signed out, its codes are refused. */
  async create(
    consumerId: string,
    sessionId: string | null,
    input: { pin: string; deviceName?: string },
  ): Promise<NewPack> {
    await this.consumers.checkPin(consumerId, input.pin);
    const key = newPaymentCodeKey();
    const expiresAt = new Date(Date.now() + PACK_LIFETIME_MS);
    for (;;) {
      const packId = crypto.randomUUID();
      const handles = newHandles(HANDLES_PER_PACK);
      const pack = {
        id: packId,
        consumerId,
        sessionId,
        deviceName: input.deviceName ?? null,
        keyBlob: sealPaymentCodeKey(this.kek, packId, key),
        expiresAt,
      };
      if (!(await this.repo.insertPack(pack, handles))) continue;
      return {
        packId,
        key: key.toString('base64url'),
        period: TOTP_PERIOD_SECONDS,
        digits: TOTP_DIGITS,
        handles,
        offlineLimit: await this.offlineLimits(consumerId),
        expiresAt,
      };
    }
  }

  async list(consumerId: string): Promise<Pack[]> {
    return (await this.repo.livePacks(consumerId)).map((r) => ({
      packId: r.id,
      ...(r.device_name ? { deviceName: r.device_name } : {}),
      handlesLeft: Number(r.handles_left),
      expiresAt: new Date(r.expires_at),
    }));
  }

  /** From now on every code of the pack is refused. */
  async delete(consumerId: string, packId: string): Promise<void> {
    if (!(await this.repo.deletePack(consumerId, packId)))
      throw new PaymentsError('payment_code_pack_not_found', 'No such pack of payment codes.');
  }

  /** Every pack of the consumer's is refused from now on. */
  async deleteAll(consumerId: string): Promise<void> {
    await this.repo.deleteAllOf(consumerId);
  }

  private async offlineLimits(consumerId: string): Promise<Money[]> {
    const wallets = await this.ledger.accountsOfOwner('consumer', consumerId);
    return wallets.map((w) => this.checkout.noPinLimit(w.currency));
  }
}
