export * from './bank-statements.service';
export { parseCamt053Statement, CAMT053_NAMESPACE } from './camt053-statement.parser';
export { parseCsvStatement, CSV_COLUMNS } from './csv-statement.parser';
export * from './finance-treasury.module';
export { type PayoutStatus } from './payouts.repository';
export * from './payouts.service';
export * from './reconciliation.service';
export {
  matchStatementLines,
  REASONS as STATEMENT_MATCH_REASONS,
  type LineDecision,
  type PayoutCandidate,
  type TopupCandidate,
} from './statement-matcher';
export { type ParsedLine, type ParsedStatement, type StatementFormat } from './statement.types';
export * from './treasury-error';
