export * from './csv';
export * from './finance-reports-error';
export * from './finance-reports.module';
export * from './journal-export.service';
export * from './merchant-statements.service';
export * from './report-csv';
export * from './report-dates';
export * from './settlements.service';
