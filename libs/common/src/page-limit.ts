/** The contract's list size: `?limit=` defaults to 50, at most 200. */
export const PAGE_LIMIT = { default: 50, max: 200 } as const;

/** How many rows a list returns for a requested limit (the one clamp of every list). */
export function pageLimit(requested: number | null | undefined): number {
  if (requested === null || requested === undefined || !Number.isFinite(requested)) return PAGE_LIMIT.default;
  return Math.min(Math.max(Math.trunc(requested), 1), PAGE_LIMIT.max);
}
