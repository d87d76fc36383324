import crypto from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isUniqueViolation, type TxRunner } from '@saoma/database';
import { ConsumersService } from '@saoma/identity';
import { LedgerService } from '@saoma/ledger';
import { Money } from '@saoma/money';
import { MoneyMovementsRepository } from './money-movements.repository';
import { PaymentsError } from './payments-error';
import { WalletsService } from './wallets.service';

export interface Topup {
  id: string;
  consumerId: string;
  amount: Money;
  bankReference: string;
  createdAt: Date;
}

/** Money received at the partner bank for a consumer: bank debit, wallet credit, one entry. */
@Injectable()
export class TopupsService {
  constructor(
    private readonly consumers: ConsumersService,
    private readonly wallets: WalletsService,
    private readonly ledger: LedgerService,
    private readonly repo: MoneyMovementsRepository,
  ) {}

  async topUp(
    input: { consumerId: string; amount: string; currency: string; bankReference: string },
    operatorId: string,
    tx: TxRunner,
  ): Promise<Topup> {
    const amount = Money.parse(input.amount, input.currency);
    await this.consumers.get(input.consumerId);
    const wallet = await this.wallets.consumerWallet(input.consumerId, amount.currency);
    const bank = await this.wallets.platform(amount.currency).bank();
    const id = crypto.randomUUID();
    return tx(async (em) => {
      const { entry } = await this.ledger.post(
        {
          kind: 'topup',
          reference: `topup:${id}`,
          metadata: { topupId: id, bankReference: input.bankReference },
          postings: [
            { accountId: bank.id, side: 'D', amount },
            { accountId: wallet.id, side: 'C', amount },
          ],
        },
        em,
      );
      try {
        const row = await this.repo.insertTopup(
          {
            id,
            consumer_id: input.consumerId,
            amount: amount.minor.toString(),
            currency: amount.currency,
            bank_reference: input.bankReference,
            operator_id: operatorId,
            entry_id: entry.id,
          },
          em,
        );
        return {
          id: row.id,
          consumerId: row.consumer_id,
          amount,
          bankReference: row.bank_reference,
          createdAt: row.created_at,
        };
      } catch (err) {
        if (isUniqueViolation(err, 'uq_topups_bank_reference')) {
          throw new PaymentsError('duplicate_bank_reference', 'A top-up with this bankReference is already booked.');
        }
        throw err;
      }
    });
  }
}
