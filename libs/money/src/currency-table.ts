// The currencies Saoma supports, with their ISO 4217 minor digits: the one
// table, read by the service (currency.ts) and by the web fronts, so it has
// no imports of its own.

/** An ISO 4217 currency as far as money arithmetic cares. */
export interface Currency {
  /** Alphabetic code, upper case, e.g. 'CNY'. */
  readonly code: string;
  /** Number of minor-unit digits: 2 for CNY, 0 for JPY, 3 for BHD. */
  readonly exponent: number;
  /** ISO 4217 numeric code, always 3 digits (leading zeros kept), e.g. '156'. */
  readonly numeric: string;
}

// Exponents follow ISO 4217, not local cash practice (e.g. KRW is 0, BHD is 3):
// the minor unit is what partners, card schemes and QR payloads exchange.
export const SUPPORTED_CURRENCIES: readonly Currency[] = Object.freeze(
  (
    [
      ['CNY', 2, '156'],
      ['EUR', 2, '978'],
      ['USD', 2, '840'],
      ['GBP', 2, '826'],
      ['HKD', 2, '344'],
      ['SGD', 2, '702'],
      ['BRL', 2, '986'],
      ['THB', 2, '764'],
      ['AUD', 2, '036'],
      ['CAD', 2, '124'],
      ['CHF', 2, '756'],
      ['MYR', 2, '458'],
      ['MOP', 2, '446'],
      ['JPY', 0, '392'],
      ['KRW', 0, '410'],
      ['VND', 0, '704'],
      ['BHD', 3, '048'],
      ['KWD', 3, '414'],
      ['OMR', 3, '512'],
    ] as const
  ).map(([code, exponent, numeric]) => Object.freeze({ code, exponent, numeric })),
);
