import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/** SQLSTATEs that mean "run the whole transaction again". */
export const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

export function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isRetryable(err: unknown): boolean {
  const s = sqlState(err);
  return s !== undefined && RETRYABLE_SQLSTATES.has(s);
}

/** The constraint a database error names (TypeORM wraps pg's error as driverError). */
export function constraintOf(err: unknown): string | undefined {
  const e = err as { constraint?: unknown; driverError?: { constraint?: unknown } } | null;
  const c = e?.driverError?.constraint ?? e?.constraint;
  return typeof c === 'string' ? c : undefined;
}

/** The DETAIL of a database error (a function's RAISE ... DETAIL, a constraint's row). */
export function detailOf(err: unknown): string | undefined {
  const e = err as { detail?: unknown; driverError?: { detail?: unknown } } | null;
  const d = e?.driverError?.detail ?? e?.detail;
  return typeof d === 'string' ? d : undefined;
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (sqlState(err) !== '23505') return false;
  return !constraint || constraintOf(err) === constraint;
}

/** SQLSTATEs that mean the database is not there for us right now (connection exceptions, shutdown, start-up, no slot). */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection terminated unexpectedly',
  // 55000 from a database closed to new connections (ALTER DATABASE ... ALLOW_CONNECTIONS false, a failover)
  'is not currently accepting connections',
];

/**
 * Whether an error says the database cannot be reached (or has just gone):
 * the request may be tried again later, nothing of it was committed by us.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  // TypeORM releases a transaction's query runner as soon as its connection reports an error (the
  // backend ended, the pooler dropped it) between two statements; the next statement (a query through
  // the transaction's EntityManager, or COMMIT) then throws one of these, and nothing was committed
  if (err instanceof QueryRunnerAlreadyReleasedError || err instanceof QueryRunnerProviderAlreadyReleasedError)
    return true;
  const state = sqlState(err);
  if (state && (state.startsWith('08') || UNAVAILABLE_SQLSTATES.has(state))) return true;
  if (state && UNAVAILABLE_NODE_CODES.has(state)) return true;
  const e = err as { message?: unknown; driverError?: { message?: unknown } } | null;
  const message = [e?.message, e?.driverError?.message].filter((m): m is string => typeof m === 'string').join(' ');
  return UNAVAILABLE_MESSAGES.some((m) => message.includes(m));
}
