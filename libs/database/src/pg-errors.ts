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
