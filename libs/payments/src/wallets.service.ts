import { Injectable } from '@nestjs/common';
import { type Account, LedgerService, PlatformAccount, WalletAccount } from '@saoma/ledger';
import { Money } from '@saoma/money';
import type { EntityManager } from 'typeorm';

export interface WalletView {
  currency: string;
  balance: Money;
}

export type StatementType = 'topup' | 'payment' | 'refund' | 'withdrawal' | 'withdrawal_returned';

export interface WalletStatementLine {
  id: string;
  type: StatementType;
  amount: Money;
  merchant?: { id: string; name: string };
  paymentId?: string;
  createdAt: Date;
}

/** Consumer and merchant wallets: ledger accounts, one per owner and currency, opened on first use. */
@Injectable()
export class WalletsService {
  constructor(private readonly ledger: LedgerService) {}

  consumerWallet(consumerId: string, currency: string, em?: EntityManager): Promise<Account> {
    return this.ledger.ensureAccount(WalletAccount.consumer(consumerId, currency), em);
  }

  merchantWallet(merchantId: string, currency: string, em?: EntityManager): Promise<Account> {
    return this.ledger.ensureAccount(WalletAccount.merchant(merchantId, currency), em);
  }

  platform(currency: string) {
    return {
      bank: () => this.ledger.ensureAccount(PlatformAccount.bank(currency)),
      payoutsInTransit: () => this.ledger.ensureAccount(PlatformAccount.payoutsInTransit(currency)),
      feeRevenue: () => this.ledger.ensureAccount(PlatformAccount.feeRevenue(currency)),
      marketingExpense: () => this.ledger.ensureAccount(PlatformAccount.marketingExpense(currency)),
    };
  }

  async walletsOf(ownerType: 'consumer' | 'merchant', ownerId: string): Promise<WalletView[]> {
    const accounts = await this.ledger.accountsOfOwner(ownerType, ownerId);
    return accounts.map((a) => ({ currency: a.currency, balance: a.balance }));
  }

  async merchantBalance(merchantId: string, currency: string): Promise<Money> {
    const a = await this.ledger.findAccountByCode(WalletAccount.merchant(merchantId, currency).code);
    return a ? (await this.ledger.balance(a.id)).posted : Money.zero(currency);
  }

  /**
   * A consumer's statement across wallets, newest first. The cursor is the
   * last posting id seen; lines are the wallet postings, typed from their
   * entry's kind, signed (negative for money out).
   */
  async consumerStatement(
    consumerId: string,
    opts: { limit: number; cursor: string | null },
  ): Promise<{ data: WalletStatementLine[]; nextCursor: string | null }> {
    const accounts = await this.ledger.accountsOfOwner('consumer', consumerId);
    const page = await this.ledger.statementOfAccounts(
      accounts.map((a) => a.id),
      opts,
    );
    return {
      data: page.data.map((l) => {
        const meta = l.metadata as {
          paymentId?: string;
          merchantId?: string;
          merchantName?: string;
          lineType?: StatementType;
        };
        const type = (meta.lineType ?? (l.kind as StatementType)) as StatementType;
        return {
          id: l.entryId,
          type,
          amount: l.change,
          ...(meta.merchantId ? { merchant: { id: meta.merchantId, name: meta.merchantName ?? '' } } : {}),
          ...(meta.paymentId ? { paymentId: meta.paymentId } : {}),
          createdAt: l.effectiveAt,
        };
      }),
      nextCursor: page.nextCursor,
    };
  }
}
