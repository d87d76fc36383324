/** Where a newest-first list stopped: the last row's creation time and id (a keyset, not an offset). */
export interface TimeIdKey {
  createdAt: Date;
  id: string;
}

/** The key a cursor names, or null for the first page (and for a cursor that is not one of ours). */
export function decodeTimeIdCursor(cursor: string | null | undefined): TimeIdKey | null {
  if (!cursor) return null;
  const [t, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!t || !id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(Date.parse(t))) return null;
  return { createdAt: new Date(t), id };
}

/**
 * One page from `limit + 1` rows read newest first: the first `limit`, and
 * a cursor after the last of them when there was one more.
 */
export function timeIdPage<R extends { created_at: Date; id: string }, T>(
  rows: R[],
  limit: number,
  present: (row: R) => T,
): { data: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map(present),
    nextCursor:
      rows.length > limit
        ? Buffer.from(`${new Date(last.created_at).toISOString()}|${last.id}`).toString('base64url')
        : null,
  };
}
