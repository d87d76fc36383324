import { Module } from '@nestjs/common';
import { ChartReportsRepository } from './chart-reports.repository';
import { FinanceChartsService } from './finance-charts.service';
import { FinanceReportsRepository } from './finance-reports.repository';
import { JournalExportService } from './journal-export.service';
import { MerchantChartsService } from './merchant-charts.service';
import { MerchantStatementsService } from './merchant-statements.service';
import { SettlementsService } from './settlements.service';

/** Finance reports: settlements, merchant daily statements, the journal export, the charts' reports. Read-only, raw SQL. */
@Module({
  providers: [
    FinanceReportsRepository,
    SettlementsService,
    MerchantStatementsService,
    JournalExportService,
    ChartReportsRepository,
    MerchantChartsService,
    FinanceChartsService,
  ],
  exports: [
    SettlementsService,
    MerchantStatementsService,
    JournalExportService,
    MerchantChartsService,
    FinanceChartsService,
  ],
})
export class FinanceReportsModule {}
