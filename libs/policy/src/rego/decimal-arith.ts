/**
 * Arithmetic where a Decimal takes part. Sums, differences and products are exact;
 * quotients keep DIVISION_DIGITS significant digits; a float operand counts as the decimal
 * its shortest text shows.
 */
import { Decimal, digitCount, partsOf } from './decimal.js';
import type { DecimalParts, ExactNumber } from './decimal.js';

/** Significant digits of a quotient that does not end (IEEE 754 decimal128's precision). */
export const DIVISION_DIGITS = 34;

/**
 * Exponents further apart than this are not aligned digit by digit.
 *
 * NOTE: such a sum (say 1e-40000 + 1) is computed in floats, so the smaller operand is lost.
 */
export const MAX_ALIGN_DIGITS = 100_000;

function finite(n: ExactNumber): boolean {
  return typeof n !== 'number' || Number.isFinite(n);
}

function toFloat(n: ExactNumber): number {
  return n instanceof Decimal ? n.toFloat() : Number(n);
}

export function addDecimal(a: ExactNumber, b: ExactNumber): ExactNumber {
  if (!finite(a) || !finite(b)) return toFloat(a) + toFloat(b);
  const x = partsOf(a);
  const y = partsOf(b);
  const shift = x.exponent - y.exponent;
  if (Math.abs(shift) > MAX_ALIGN_DIGITS) return toFloat(a) + toFloat(b);
  const exponent = Math.min(x.exponent, y.exponent);
  const cx = shift > 0 ? x.coefficient * 10n ** BigInt(shift) : x.coefficient;
  const cy = shift < 0 ? y.coefficient * 10n ** BigInt(-shift) : y.coefficient;
  return Decimal.of(cx + cy, exponent);
}

export function multiplyDecimal(a: ExactNumber, b: ExactNumber): ExactNumber {
  if (!finite(a) || !finite(b)) return toFloat(a) * toFloat(b);
  const x = partsOf(a);
  const y = partsOf(b);
  return Decimal.of(x.coefficient * y.coefficient, x.exponent + y.exponent);
}

/** a / b for b ≠ 0, rounded half away from zero to DIVISION_DIGITS digits unless exact. */
export function divideDecimal(a: ExactNumber, b: ExactNumber): ExactNumber {
  if (!finite(a) || !finite(b)) return toFloat(a) / toFloat(b);
  const x = partsOf(a);
  const y = partsOf(b);
  const scale = Math.max(
    0,
    DIVISION_DIGITS + digitCount(y.coefficient) - digitCount(x.coefficient),
  );
  const dividend = x.coefficient * 10n ** BigInt(scale);
  let quotient = dividend / y.coefficient;
  const rest = dividend % y.coefficient;
  const twice = (rest < 0n ? -rest : rest) * 2n;
  if (twice >= (y.coefficient < 0n ? -y.coefficient : y.coefficient)) {
    quotient += dividend < 0n !== y.coefficient < 0n ? -1n : 1n;
  }
  return Decimal.of(quotient, x.exponent - y.exponent - scale);
}

type Rounding = 'floor' | 'ceil' | 'round' | 'trunc';

/** The whole part toward zero and whether anything (and at least a half) was cut off. */
function split(parts: DecimalParts): { whole: bigint; cut: boolean; half: boolean } {
  const { coefficient: c, exponent: e } = parts;
  if (e >= 0) return { whole: c * 10n ** BigInt(e), cut: false, half: false };
  // Below 0.1 in magnitude nothing is whole and nothing reaches a half.
  if (-e > digitCount(c)) return { whole: 0n, cut: true, half: false };
  const divisor = 10n ** BigInt(-e);
  const rest = c % divisor;
  const magnitude = rest < 0n ? -rest : rest;
  return { whole: c / divisor, cut: rest !== 0n, half: magnitude * 2n >= divisor };
}

/** A Decimal rounded to an integer; Decimals too large to hold as bigint are integers. */
export function roundDecimal(d: Decimal, mode: Rounding): ExactNumber {
  if (d.exponent >= 0) return d;
  const { whole, cut, half } = split(d);
  const negative = d.isNegative();
  let result = whole;
  if (mode === 'floor' && negative && cut) result -= 1n;
  if (mode === 'ceil' && !negative && cut) result += 1n;
  if (mode === 'round' && half) result += negative ? -1n : 1n;
  return Decimal.of(result, 0);
}
