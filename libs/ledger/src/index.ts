export * from './chart-of-accounts';
export * from './ledger-error';
export * from './ledger.module';
export { LedgerService, normalBalance } from './ledger.service';
export * from './ledger.types';
