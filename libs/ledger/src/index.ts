export * from './chart-of-accounts';
export * from './ledger-error';
export { LedgerFolder } from './ledger-folder';
export * from './ledger.module';
export { LedgerService, isInsufficientFunds, normalBalance } from './ledger.service';
export * from './ledger.types';
export type { PostCall } from './ledger.repository';
