import { Injectable } from '@nestjs/common';
import { ConsumersService } from '@saoma/identity';
import { PaymentsError } from '../payments-error';
import { WalletsService } from '../wallets.service';
import { AccountsRepository } from './accounts.repository';
import { PaymentCodesService } from '../payment-codes/payment-codes.service';
import { TransfersService } from '../transfers/transfers.service';
import { RedEnvelopesService } from '../red-envelopes/red-envelopes.service';

/**
 * What a person does to the account itself: a new PIN, a closure. Identity
 * keeps the PIN, the sessions and the identity; the money side (balances,
 * pending withdrawals, payment-code packs) is checked and ended here.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly consumers: ConsumersService,
    private readonly wallets: WalletsService,
    private readonly repo: AccountsRepository,
    private readonly paymentCodes: PaymentCodesService,
    private readonly transfers: TransfersService,
    private readonly envelopes: RedEnvelopesService,
  ) {}

  /** A new PIN: every other session and every pack of payment codes stop working at once. */
  async changePin(
    consumerId: string,
    sessionId: string | undefined,
    currentPin: string,
    newPin: string,
  ): Promise<void> {
    await this.consumers.changePin(consumerId, sessionId, currentPin, newPin);
    await this.paymentCodes.deleteAll(consumerId);
  }

  /**
   * Closes the account after the PIN: refused while a wallet holds money or a
   * withdrawal is on its way; then the identity is erased and every session
   * and pack ends. Ledger, payments and receipts stay under the id.
   */
  async close(consumerId: string, pin: string): Promise<Date> {
    await this.consumers.checkPin(consumerId, pin);
    const held = (await this.wallets.walletsOf('consumer', consumerId)).filter((w) => !w.balance.isZero());
    if (held.length)
      throw new PaymentsError(
        'balance_not_zero',
        `Withdraw first: ${held.map((w) => `${w.balance.format()} ${w.currency}`).join(', ')} left.`,
      );
    if ((await this.repo.pendingWithdrawals(consumerId)) > 0)
      throw new PaymentsError('closure_blocked', 'A withdrawal is still on its way to your bank; close after it.');
    if (await this.transfers.hasPendingSent(consumerId))
      throw new PaymentsError(
        'closure_blocked',
        'A transfer you sent still waits for its phone to register; close once it arrives or comes back.',
      );
    if (await this.envelopes.hasOpenSent(consumerId))
      throw new PaymentsError(
        'closure_blocked',
        'A red envelope you sent can still be claimed; close once it is emptied or what is left has come back.',
      );
    await this.paymentCodes.deleteAll(consumerId);
    return this.consumers.close(consumerId);
  }
}
