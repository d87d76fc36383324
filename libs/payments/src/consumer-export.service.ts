import { Injectable } from '@nestjs/common';
import { Money } from '@saoma/money';
import { type Payment, toPayment } from './checkout.service';
import { ConsumerExportRepository } from './consumer-export.repository';
import { type Refund, toRefund } from './refunds.service';
import type { Topup } from './topups.service';
import { type WalletStatementLine, type WalletView, WalletsService } from './wallets.service';
import type { Withdrawal } from './withdrawals.service';

/** Everything the payments side holds about one consumer. */
export interface ConsumerMoneyExport {
  wallets: WalletView[];
  /** Every statement line of every wallet, newest first. */
  transactions: WalletStatementLine[];
  payments: Array<Payment & { refunds: Refund[] }>;
  topups: Topup[];
  withdrawals: Withdrawal[];
}

const STATEMENT_PAGE = 500;

/** The payments half of a consumer's data export (the identity half is PrivacyService.exportConsumer). */
@Injectable()
export class ConsumerExportService {
  constructor(
    private readonly repo: ConsumerExportRepository,
    private readonly wallets: WalletsService,
  ) {}

  async exportOf(consumerId: string): Promise<ConsumerMoneyExport> {
    const [wallets, transactions, paymentRows, refundRows, topupRows, withdrawalRows] = await Promise.all([
      this.wallets.walletsOf('consumer', consumerId),
      this.allStatementLines(consumerId),
      this.repo.paymentsOf(consumerId),
      this.repo.refundsOf(consumerId),
      this.repo.topupsOf(consumerId),
      this.repo.withdrawalsOf(consumerId),
    ]);
    const refunds = refundRows.map(toRefund);
    return {
      wallets,
      transactions,
      payments: paymentRows.map((r) => ({
        ...toPayment(r, r.merchant_name),
        refunds: refunds.filter((x) => x.paymentId === r.id),
      })),
      topups: topupRows.map((t) => ({
        id: t.id,
        consumerId: t.consumer_id,
        amount: Money.ofMinor(t.amount, t.currency),
        bankReference: t.bank_reference,
        createdAt: new Date(t.created_at),
      })),
      withdrawals: withdrawalRows.map((w) => ({
        id: w.id,
        status: w.status,
        amount: Money.ofMinor(w.amount, w.currency),
        endToEndReference: w.end_to_end_reference,
        createdAt: new Date(w.created_at),
      })),
    };
  }

  private async allStatementLines(consumerId: string): Promise<WalletStatementLine[]> {
    const lines: WalletStatementLine[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.wallets.consumerStatement(consumerId, { limit: STATEMENT_PAGE, cursor });
      lines.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return lines;
  }
}
