/**
 * What one consumer is shown of another: the first character of the name
 * and a star for each of the rest ("Li Wei" → "L*****", "李四" → "李*"),
 * counted in characters as people read them, not UTF-16 units. An erased
 * name (a closed account) shows as a single star.
 */
export function displayName(name: string | null): string {
  const chars = [...(name ?? '').trim()];
  if (!chars.length) return '*';
  return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
}
