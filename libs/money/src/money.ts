import { Decimal } from 'decimal.js';
import { currencyOf } from './currency';
import { splitDecimalText } from './decimal-text';
import { MoneyError } from './money-error';
import { divideHalfUp, exactScaled, roundToMinor } from './rounding';

/** The API accepts at most 12 digits before the decimal point. */
export const MAX_AMOUNT_INT_DIGITS = 12;

export interface ParseMoneyOptions {
  /** Accept "0" / "0.00" (refused by default: a payment of nothing is a client bug). */
  allowZero?: boolean;
  /** Accept a leading '-' (refused by default: direction is never carried by sign in the API). */
  allowNegative?: boolean;
}

/**
 * An immutable amount in integer minor units of one currency. Amounts never
 * pass through a JS number: input is a string or a bigint, arithmetic is bigint.
 */
export class Money {
  private constructor(
    readonly minor: bigint,
    readonly currency: string,
  ) {
    Object.freeze(this);
  }

  static of(minor: bigint, currency: string): Money {
    // Runtime check too: a JS number here would already have lost precision.
    if (typeof minor !== 'bigint') {
      throw new MoneyError('invalid_amount', `minor units must be a bigint, not a ${typeof minor}`);
    }
    return new Money(minor, currencyOf(currency).code);
  }

  /**
   * Minor units as the database returns them (bigint columns arrive as
   * decimal strings from pg): the one place they become Money.
   */
  static ofMinor(minor: string | bigint, currency: string): Money {
    if (typeof minor === 'string' && !/^-?[0-9]{1,19}$/.test(minor)) {
      throw new MoneyError(
        'invalid_amount',
        `minor units must be an integer, not ${JSON.stringify(minor.slice(0, 40))}`,
      );
    }
    return Money.of(BigInt(minor), currency);
  }

  static zero(currency: string): Money {
    return Money.of(0n, currency);
  }

  /** Parse the API's decimal string, e.g. "12.3" CNY → 1230 minor. */
  static parse(text: unknown, currency: string, opts: ParseMoneyOptions = {}): Money {
    const { exponent, code } = currencyOf(currency);
    const parts = splitDecimalText(text, {
      allowNegative: opts.allowNegative ?? false,
      maxIntDigits: MAX_AMOUNT_INT_DIGITS,
      maxFracDigits: exponent,
      what: 'amount',
    });
    if (typeof parts === 'string') throw new MoneyError('invalid_amount', parts);
    const magnitude = BigInt(parts.int + parts.frac.padEnd(exponent, '0'));
    if (magnitude === 0n) {
      // "-0" would not survive format(), so it is refused even when zero is allowed.
      if (!opts.allowZero) throw new MoneyError('invalid_amount', 'amount must be greater than zero');
      if (parts.negative) throw new MoneyError('invalid_amount', 'amount must not be negative zero');
    }
    return new Money(parts.negative ? -magnitude : magnitude, code);
  }

  /** Exactly the currency's minor digits: "12.30", JPY "500", BHD "1.250", "-12.30". */
  format(): string {
    const { exponent } = currencyOf(this.currency);
    const negative = this.minor < 0n;
    const digits = (negative ? -this.minor : this.minor).toString().padStart(exponent + 1, '0');
    const cut = digits.length - exponent;
    const body = exponent === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
    return negative ? `-${body}` : body;
  }

  /** JSON carries amounts as strings; the currency travels in its own field. */
  toJSON(): string {
    return this.format();
  }

  /** For logs and error details only, e.g. "12.30 CNY"; serialise with format(). */
  toString(): string {
    return `${this.format()} ${this.currency}`;
  }

  /** Major units, exact. */
  toDecimal(): Decimal {
    return new Decimal(this.format());
  }

  add(o: Money): Money {
    return new Money(this.minor + this.same(o).minor, this.currency);
  }

  sub(o: Money): Money {
    return new Money(this.minor - this.same(o).minor, this.currency);
  }

  neg(): Money {
    return new Money(-this.minor, this.currency);
  }

  abs(): Money {
    return this.minor < 0n ? this.neg() : this;
  }

  cmp(o: Money): -1 | 0 | 1 {
    const other = this.same(o).minor;
    return this.minor < other ? -1 : this.minor > other ? 1 : 0;
  }

  /** Different currencies are simply unequal (not an error), unlike cmp. */
  equals(o: Money): boolean {
    return this.currency === o.currency && this.minor === o.minor;
  }

  isZero(): boolean {
    return this.minor === 0n;
  }

  isPositive(): boolean {
    return this.minor > 0n;
  }

  isNegative(): boolean {
    return this.minor < 0n;
  }

  min(o: Money): Money {
    return this.cmp(o) <= 0 ? this : o;
  }

  max(o: Money): Money {
    return this.cmp(o) >= 0 ? this : o;
  }

  /** amount × rate, rounded half-up to the minor unit (e.g. a fee). */
  times(rate: Decimal): Money {
    const r = exactScaled(rate, 'rate', 'invalid_rate');
    const { exponent } = currencyOf(this.currency);
    // Build the exact product from integers, so the only rounding is roundToMinor's.
    const product = new Decimal(`${this.minor * r.int}e-${r.scale + exponent}`);
    return new Money(roundToMinor(product, this.currency), this.currency);
  }

  /**
   * this × numerator / denominator, rounded half-up to the minor unit, e.g. the
   * part of a fee that a partial refund returns. Numerator and denominator may
   * be Money (of one currency, possibly not this one) or plain bigints.
   */
  proportion(numerator: bigint | Money, denominator: bigint | Money): Money {
    if (numerator instanceof Money && denominator instanceof Money) numerator.same(denominator);
    const n = toBigint(numerator, 'numerator');
    const d = toBigint(denominator, 'denominator');
    if (d === 0n) throw new MoneyError('invalid_amount', 'proportion denominator must not be zero');
    // The exact quotient may not be a finite decimal (1/3), so this rounds with
    // roundToMinor's integer primitive rather than through a Decimal.
    return new Money(divideHalfUp(this.minor * n, d), this.currency);
  }

  private same(o: Money): Money {
    if (o.currency !== this.currency) {
      throw new MoneyError('currency_mismatch', `cannot combine ${this.currency} with ${o.currency}`, {
        currencies: [this.currency, o.currency],
      });
    }
    return o;
  }
}

function toBigint(x: bigint | Money, what: string): bigint {
  if (x instanceof Money) return x.minor;
  if (typeof x !== 'bigint') throw new MoneyError('invalid_amount', `${what} must be a bigint or Money`);
  return x;
}
