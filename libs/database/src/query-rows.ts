/**
 * The rows of a raw query. TypeORM's postgres driver answers SELECT and
 * INSERT ... RETURNING with the rows, but UPDATE/DELETE ... RETURNING with
 * [rows, affectedCount]; this reads both.
 */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
    ? (result[0] as T[])
    : (result as T[]);
}
