import { Module } from '@nestjs/common';
import { FinanceReportsRepository } from './finance-reports.repository';
import { JournalExportService } from './journal-export.service';
import { MerchantStatementsService } from './merchant-statements.service';
import { SettlementsService } from './settlements.service';

/** Finance reports: settlements, merchant daily statements, the journal export. Read-only, raw SQL. */
@Module({
  providers: [FinanceReportsRepository, SettlementsService, MerchantStatementsService, JournalExportService],
  exports: [SettlementsService, MerchantStatementsService, JournalExportService],
})
export class FinanceReportsModule {}
