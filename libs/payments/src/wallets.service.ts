import { Injectable } from '@nestjs/common';
import { type Account, LedgerService, PlatformAccount, WalletAccount } from '@saoma/ledger';
import { Money } from '@saoma/money';
import type { EntityManager } from 'typeorm';
import { CounterpartiesService } from './statement/counterparties.service';

export interface WalletView {
  currency: string;
  balance: Money;
}

export const STATEMENT_TYPES = [
  'topup',
  'payment',
  'refund',
  'withdrawal',
  'withdrawal_returned',
  'transfer_out',
  'transfer_in',
  'transfer_returned',
  'red_envelope_sent',
  'red_envelope_received',
  'red_envelope_returned',
  'bill',
] as const;
export type StatementType = (typeof STATEMENT_TYPES)[number];

/**
 * A line's type: the entry's `lineType` when it says one, else its kind; a
 * transfer between two wallets is one entry read from both ends, so its
 * sign tells which end this is.
 */
export function statementType(kind: string, lineType: StatementType | undefined, change: Money): StatementType {
  if (lineType) return lineType;
  if (kind === 'transfer') return change.isNegative() ? 'transfer_out' : 'transfer_in';
  return kind as StatementType;
}

export interface WalletStatementLine {
  id: string;
  type: StatementType;
  amount: Money;
  merchant?: { id: string; name: string };
  /** The other person of a line between people (a transfer, a claimed envelope): a masked name only. */
  counterparty?: { displayName: string };
  paymentId?: string;
  billReference?: string;
  createdAt: Date;
}

/** What a statement reads of an entry's metadata. */
interface LineMetadata {
  paymentId?: string;
  merchantId?: string;
  merchantName?: string;
  billReference?: string;
  transferId?: string;
  envelopeId?: string;
  lineType?: StatementType;
}

/** Consumer and merchant wallets: ledger accounts, one per owner and currency, opened on first use. */
@Injectable()
export class WalletsService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly counterparties: CounterpartiesService,
  ) {}

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
      transfersInTransit: () => this.ledger.ensureAccount(PlatformAccount.transfersInTransit(currency)),
      envelopesInTransit: () => this.ledger.ensureAccount(PlatformAccount.envelopesInTransit(currency)),
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
    const metas = page.data.map((l) => l.metadata as LineMetadata);
    const others = await this.counterparties.of(consumerId, metas);
    return {
      data: page.data.map((l, i) => {
        const meta = metas[i];
        const other = others.get(i);
        return {
          id: l.entryId,
          type: statementType(l.kind, meta.lineType, l.change),
          amount: l.change,
          ...(meta.merchantId ? { merchant: { id: meta.merchantId, name: meta.merchantName ?? '' } } : {}),
          ...(other ? { counterparty: { displayName: other } } : {}),
          ...(meta.paymentId ? { paymentId: meta.paymentId } : {}),
          ...(meta.billReference ? { billReference: meta.billReference } : {}),
          createdAt: l.effectiveAt,
        };
      }),
      nextCursor: page.nextCursor,
    };
  }
}
