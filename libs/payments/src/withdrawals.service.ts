import crypto from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LedgerError, LedgerService, WalletAccount } from '@saoma/ledger';
import { Money } from '@saoma/money';
import type { TxRunner } from '@saoma/database';
import { MoneyMovementsRepository } from './money-movements.repository';
import { WalletsService } from './wallets.service';

export interface Withdrawal {
  id: string;
  status: 'pending' | 'paid' | 'returned';
  amount: Money;
  endToEndReference: string;
  createdAt: Date;
}

/** A consumer sends money back to their bank: wallet debit, payouts in transit credit, pending until the payout run. */
@Injectable()
export class WithdrawalsService {
  constructor(
    private readonly wallets: WalletsService,
    private readonly ledger: LedgerService,
    private readonly repo: MoneyMovementsRepository,
  ) {}

  async withdraw(consumerId: string, input: { amount: string; currency: string }, tx: TxRunner): Promise<Withdrawal> {
    const amount = Money.parse(input.amount, input.currency);
    const wallet = await this.ledger.findAccountByCode(WalletAccount.consumer(consumerId, amount.currency).code);
    if (!wallet) throw new LedgerError('insufficient_funds', `No ${amount.currency} wallet to withdraw from.`);
    const transit = await this.wallets.platform(amount.currency).payoutsInTransit();
    const id = crypto.randomUUID();
    const e2e = `SAOMA-W-${id.replace(/-/g, '').slice(0, 20).toUpperCase()}`;
    return tx(async (em) => {
      let entryId: string;
      try {
        const { entry } = await this.ledger.post(
          {
            kind: 'withdrawal',
            reference: `withdrawal:${id}`,
            metadata: { withdrawalId: id, endToEndReference: e2e },
            postings: [
              { accountId: wallet.id, side: 'D', amount },
              { accountId: transit.id, side: 'C', amount },
            ],
          },
          em,
        );
        entryId = entry.id;
      } catch (err) {
        if (err instanceof LedgerError && err.code === 'insufficient_funds')
          throw new LedgerError('insufficient_funds', 'The wallet balance is smaller than the amount.');
        throw err;
      }
      const row = await this.repo.insertWithdrawal(
        {
          id,
          consumer_id: consumerId,
          amount: amount.minor.toString(),
          currency: amount.currency,
          end_to_end_reference: e2e,
          entry_id: entryId,
        },
        em,
      );
      return {
        id: row.id,
        status: row.status,
        amount,
        endToEndReference: row.end_to_end_reference,
        createdAt: row.created_at,
      };
    });
  }
}
