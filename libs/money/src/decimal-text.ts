/**
 * Lexical check shared by amount and rate parsing. Only the plain form
 * `digits[.digits]` is accepted: no exponent, no spaces, no '+', no '.5'/'5.',
 * so that exactly one text spells each accepted value (apart from trailing
 * fraction zeros) and nothing ever passes through a JS number.
 */
const PLAIN = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

export interface DecimalText {
  negative: boolean;
  /** Integer digits, no leading zeros except a lone '0'. */
  int: string;
  /** Fraction digits as written ('' when there is no point). */
  frac: string;
}

/** Returns the parts, or a human reason why the text is refused. */
export function splitDecimalText(
  text: unknown,
  opts: { allowNegative: boolean; maxIntDigits: number; maxFracDigits: number; what: string },
): DecimalText | string {
  const { what } = opts;
  if (text === null || text === undefined) return `${what} is required`;
  // A JSON number has already been through binary floating point: refuse it.
  if (typeof text !== 'string') return `${what} must be a decimal string such as "12.30", not ${article(typeof text)}`;
  if (text === '') return `${what} must not be empty`;
  const m = PLAIN.exec(text);
  if (!m) {
    return `${what} must be a plain decimal string (digits with an optional "." and fraction digits; no sign, exponent or spaces)`;
  }
  const [, sign, int, frac = ''] = m;
  if (sign && !opts.allowNegative) return `${what} must not be negative`;
  if (int.length > 1 && int.startsWith('0')) return `${what} must not have leading zeros`;
  if (int.length > opts.maxIntDigits) {
    return `${what} must have at most ${opts.maxIntDigits} digits before the decimal point`;
  }
  if (frac.length > opts.maxFracDigits) {
    return opts.maxFracDigits === 0
      ? `${what} must be a whole number in this currency`
      : `${what} must have at most ${opts.maxFracDigits} digits after the decimal point`;
  }
  return { negative: sign === '-', int, frac };
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}
