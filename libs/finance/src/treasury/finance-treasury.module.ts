import { Module } from '@nestjs/common';
import { LedgerModule } from '@saoma/ledger';
import { TreasuryMovementsModule } from '@saoma/payments';
import { BankStatementsRepository } from './bank-statements.repository';
import { BankStatementsService } from './bank-statements.service';
import { PayoutsRepository } from './payouts.repository';
import { PayoutsService } from './payouts.service';
import { ReconciliationRepository } from './reconciliation.repository';
import { PeopleReconciliationRepository } from './people-reconciliation.repository';
import { ReconciliationService } from './reconciliation.service';

/** Payouts, bank statements and the daily reconciliation. */
@Module({
  imports: [LedgerModule, TreasuryMovementsModule],
  providers: [
    PayoutsRepository,
    PayoutsService,
    BankStatementsRepository,
    BankStatementsService,
    ReconciliationRepository,
    PeopleReconciliationRepository,
    ReconciliationService,
  ],
  exports: [PayoutsService, BankStatementsService, ReconciliationService],
})
export class FinanceTreasuryModule {}
