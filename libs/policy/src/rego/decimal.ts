/**
 * Exact decimal numbers, for the few values a float would misstate: `1e400` (a float
 * overflows), `1e-400` (a float underflows to 0), `0.1234567890123456789` (a float keeps 17
 * digits). Every other number stays a JavaScript number or bigint, so the common path
 * never sees this class.
 *
 * A float stands for the decimal its shortest text shows (`0.1` is 0.1), and a Decimal is
 * made only when no float or safe integer shows the value: equal numbers therefore share a
 * representation, and so a key.
 */

/** Integral values with at most this many digits become bigint; larger ones stay Decimal. */
export const MAX_INTEGER_DIGITS = 30_001;

export type ExactNumber = number | bigint | Decimal;

/** `coefficient × 10^exponent`, a sign-carrying coefficient without trailing zeros. */
export interface DecimalParts {
  readonly coefficient: bigint;
  readonly exponent: number;
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export class Decimal implements DecimalParts {
  private constructor(
    readonly coefficient: bigint,
    readonly exponent: number,
  ) {}

  /**
   * The number `coefficient × 10^exponent` in its one representation: a safe integer or
   * a float when one shows the value exactly, a bigint when it is a not too long integer,
   * else a Decimal.
   */
  static of(coefficient: bigint, exponent: number): ExactNumber {
    if (coefficient === 0n) return 0;
    const [c, e] = withoutTrailingZeros(coefficient, exponent);
    if (e >= 0) {
      if (digitCount(c) + e > MAX_INTEGER_DIGITS) return new Decimal(c, e);
      const whole = c * 10n ** BigInt(e);
      return Number.isSafeInteger(Number(whole)) ? Number(whole) : whole;
    }
    const float = Number(`${c}e${e}`);
    const shown = Number.isFinite(float) && float !== 0 ? floatParts(float) : undefined;
    if (shown?.coefficient === c && shown.exponent === e) return float;
    return new Decimal(c, e);
  }

  /** The number a decimal text denotes, or undefined when the text is no decimal. */
  static parse(text: string): ExactNumber | undefined {
    const parts = textParts(text);
    return parts && Decimal.of(parts.coefficient, parts.exponent);
  }

  isNegative(): boolean {
    return this.coefficient < 0n;
  }

  negate(): Decimal {
    return new Decimal(-this.coefficient, this.exponent);
  }

  /** The nearest float: NOTE: ±Infinity or 0 where the value is beyond a float's range. */
  toFloat(): number {
    return Number(`${this.coefficient}e${this.exponent}`);
  }

  /** The key `keyOf` gives: no float or bigint key has this shape with the same value. */
  canonicalKey(): string {
    return `n${this.coefficient}e${this.exponent}`;
  }

  /** Plain notation from 1e-7 up to 1e21 as JavaScript prints floats, else `1.5e-400`. */
  toString(): string {
    const sign = this.coefficient < 0n ? '-' : '';
    const digits = (this.coefficient < 0n ? -this.coefficient : this.coefficient).toString();
    const point = digits.length + this.exponent;
    if (point > 21 || point < -5) {
      const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
      const power = point - 1;
      return `${sign}${mantissa}e${power < 0 ? '-' : '+'}${Math.abs(power)}`;
    }
    if (this.exponent >= 0) return sign + digits + '0'.repeat(this.exponent);
    if (point > 0) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
    return `${sign}0.${'0'.repeat(-point)}${digits}`;
  }
}

/** Number of decimal digits of |n|. */
export function digitCount(n: bigint): number {
  return (n < 0n ? -n : n).toString().length;
}

function withoutTrailingZeros(coefficient: bigint, exponent: number): [bigint, number] {
  let c = coefficient;
  let e = exponent;
  while (c % 10_000_000_000_000_000n === 0n) {
    c /= 10_000_000_000_000_000n;
    e += 16;
  }
  while (c % 10n === 0n) {
    c /= 10n;
    e += 1;
  }
  return [c, e];
}

/** The parts of a decimal text (`-1.50e3` is -15 × 10^2), or undefined if it is none. */
export function textParts(text: string): DecimalParts | undefined {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  if (whole === '' && fraction === '') return undefined;
  const digits = (whole + fraction).replace(/^0+/, '');
  const kept = digits.replace(/0+$/, '');
  if (kept === '') return { coefficient: 0n, exponent: 0 };
  const exponent = Number(exponentText) - fraction.length + (digits.length - kept.length);
  return { coefficient: BigInt(sign === '-' ? `-${kept}` : kept), exponent };
}

/** The parts of the decimal a finite float's shortest text shows. */
function floatParts(float: number): DecimalParts {
  return textParts(String(float)) ?? { coefficient: 0n, exponent: 0 };
}

/** The parts of any finite number; a float counts as its shortest text. */
export function partsOf(n: ExactNumber): DecimalParts {
  if (n instanceof Decimal) return n;
  if (typeof n === 'bigint') return { coefficient: n, exponent: 0 };
  return Number.isInteger(n) && Number.isSafeInteger(n)
    ? { coefficient: BigInt(n), exponent: 0 }
    : floatParts(n);
}

function sign(n: bigint): number {
  return n < 0n ? -1 : n > 0n ? 1 : 0;
}

/** Exact order of two decimals: sign, then magnitude, then digits aligned. */
export function compareParts(a: DecimalParts, b: DecimalParts): number {
  const sa = sign(a.coefficient);
  const sb = sign(b.coefficient);
  if (sa !== sb || sa === 0) return sa < sb ? -1 : sa > sb ? 1 : 0;
  const magnitudeA = digitCount(a.coefficient) + a.exponent;
  const magnitudeB = digitCount(b.coefficient) + b.exponent;
  if (magnitudeA !== magnitudeB) return magnitudeA < magnitudeB ? -sa : sa;
  // Equal magnitudes: the exponents differ by at most the digit count, so aligning is cheap.
  const shift = a.exponent - b.exponent;
  const x = shift > 0 ? a.coefficient * 10n ** BigInt(shift) : a.coefficient;
  const y = shift < 0 ? b.coefficient * 10n ** BigInt(-shift) : b.coefficient;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Exact order where a Decimal takes part; NaN orders as equal, as float comparison does. */
export function compareExact(a: ExactNumber, b: ExactNumber): number {
  if (typeof a === 'number' && !Number.isFinite(a)) return Number.isNaN(a) ? 0 : Math.sign(a);
  if (typeof b === 'number' && !Number.isFinite(b)) return Number.isNaN(b) ? 0 : -Math.sign(b);
  return compareParts(partsOf(a), partsOf(b));
}
