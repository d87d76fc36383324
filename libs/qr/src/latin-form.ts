/**
 * Letters that Unicode does not decompose into base letter + mark, so NFKD
 * alone would drop them ("Øre" -> "re").
 */
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
};

/**
 * A printable-ASCII form of `text`, at most `max` characters: what EMV tags
 * 59/60 can carry for every scanner (the original goes in tag 64).
 * Diacritics are stripped (NFKD also folds full-width Latin), anything else
 * outside ASCII is dropped, runs of whitespace collapse to one space.
 * Returns '' when nothing Latin is left; callers pick their own fallback.
 */
export function latinForm(text: string, max: number): string {
  const ascii = Array.from(text.normalize('NFKD').replace(/\p{M}/gu, ''))
    .map((ch) => TRANSLITERATIONS[ch] ?? ch)
    .join('')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7E]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  return ascii.slice(0, Math.max(0, max)).trimEnd();
}
