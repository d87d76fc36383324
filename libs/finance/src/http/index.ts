export * from './finance-reports.controller';
export * from './finance-reports.dto';
export * from './finance-treasury.controller';
export * from './finance-treasury.dto';
export * from './finance.controller';
export * from './finance.dto';
export * from './merchant-statements.controller';
export * from './utc-date-param.pipe';
