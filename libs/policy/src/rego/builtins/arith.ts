/**
 * Exact arithmetic on Rego numbers. Integers stay exact at any size (bigint beyond 2^53,
 * brought back to `number` when they fit); anything with a fraction is a float, unless a
 * Decimal takes part or a float would overflow or underflow: then sums, differences and
 * products are exact decimals and quotients keep 34 significant digits (decimal-arith.ts).
 */
import { addDecimal, divideDecimal, multiplyDecimal, roundDecimal } from '../decimal-arith.js';
import { BuiltinError } from '../errors.js';
import { Decimal, normalizeNumber } from '../value.js';
import type { RNumber } from '../value.js';

/**
 * The exact integer a number denotes, or undefined when it has a fraction. An integral
 * float beyond 2^53 is read from its shortest decimal text (1e30 is 10^30), because that
 * text is what the policy wrote.
 */
export function toBigInt(n: RNumber): bigint | undefined {
  if (typeof n === 'bigint') return n;
  // A Decimal is never a bigint-sized integer: it has a fraction or too many digits.
  if (typeof n !== 'number' || !Number.isInteger(n)) return undefined;
  if (Number.isSafeInteger(n)) return BigInt(n);
  const [mantissa = '0', exponent = '0'] = String(n).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const shift = Number(exponent) - fraction.length;
  return BigInt(whole + fraction) * 10n ** BigInt(shift);
}

function bothIntegers(a: RNumber, b: RNumber): [bigint, bigint] | undefined {
  const x = toBigInt(a);
  const y = x === undefined ? undefined : toBigInt(b);
  return x === undefined || y === undefined ? undefined : [x, y];
}

function safe(result: number): boolean {
  return Number.isSafeInteger(result);
}

const MIN_NORMAL_FLOAT = 2.2250738585072014e-308;

/** Whether a float product or quotient kept its value's scale: no overflow, no underflow. */
function inRange(result: number, zeroExpected: boolean): boolean {
  if (result === 0) return zeroExpected;
  return Number.isFinite(result) && Math.abs(result) >= MIN_NORMAL_FLOAT;
}

export function add(a: RNumber, b: RNumber): RNumber {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (safe(sum) || !Number.isInteger(a) || !Number.isInteger(b)) return sum;
  }
  if (a instanceof Decimal || b instanceof Decimal) return addDecimal(a, b);
  const ints = bothIntegers(a, b);
  if (ints) return normalizeNumber(ints[0] + ints[1]);
  const sum = Number(a) + Number(b);
  return Number.isFinite(sum) ? sum : addDecimal(a, b);
}

export function negate(a: RNumber): RNumber {
  if (typeof a === 'number') return -a;
  return typeof a === 'bigint' ? normalizeNumber(-a) : a.negate();
}

export function subtract(a: RNumber, b: RNumber): RNumber {
  return add(a, negate(b));
}

export function multiply(a: RNumber, b: RNumber): RNumber {
  if (typeof a === 'number' && typeof b === 'number') {
    const product = a * b;
    if (safe(product) && (product !== 0 || a === 0 || b === 0)) return product;
    if (!Number.isInteger(a) || !Number.isInteger(b)) {
      return inRange(product, a === 0 || b === 0) ? product : multiplyDecimal(a, b);
    }
  }
  if (a instanceof Decimal || b instanceof Decimal) return multiplyDecimal(a, b);
  const ints = bothIntegers(a, b);
  if (ints) return normalizeNumber(ints[0] * ints[1]);
  const product = Number(a) * Number(b);
  return inRange(product, isZero(a) || isZero(b)) ? product : multiplyDecimal(a, b);
}

export function isZero(n: RNumber): boolean {
  // A Decimal is never zero: zero is always the number 0.
  return typeof n === 'bigint' ? n === 0n : n === 0;
}

/**
 * Integer division is exact when the divisor divides the dividend; otherwise a float, or
 * a decimal of 34 digits where a float would overflow or underflow.
 */
export function divide(name: string, a: RNumber, b: RNumber): RNumber {
  if (isZero(b)) throw new BuiltinError('eval_builtin_error', `${name}: divide by zero`);
  if (a instanceof Decimal || b instanceof Decimal) return divideDecimal(a, b);
  const ints = bothIntegers(a, b);
  if (ints && ints[0] % ints[1] === 0n) return normalizeNumber(ints[0] / ints[1]);
  const quotient = Number(a) / Number(b);
  return inRange(quotient, isZero(a)) ? quotient : divideDecimal(a, b);
}

/** Go's `%`: the result takes the sign of the dividend; floats with fractions are refused. */
export function remainder(name: string, a: RNumber, b: RNumber): RNumber {
  const ints = bothIntegers(a, b);
  if (!ints) {
    throw new BuiltinError('eval_builtin_error', `${name}: modulo on floating-point number`);
  }
  if (ints[1] === 0n) throw new BuiltinError('eval_builtin_error', `${name}: modulo by zero`);
  return normalizeNumber(ints[0] % ints[1]);
}

export function absolute(a: RNumber): RNumber {
  if (typeof a === 'bigint') return normalizeNumber(a < 0n ? -a : a);
  if (typeof a === 'number') return Math.abs(a);
  return a.isNegative() ? a.negate() : a;
}

/** Rounds half away from zero, as Go's math.Round does. */
export function roundHalfAway(a: RNumber): RNumber {
  if (typeof a === 'bigint') return a;
  if (typeof a !== 'number') return roundDecimal(a, 'round');
  const rounded = Math.sign(a) * Math.round(Math.abs(a));
  return rounded === 0 ? 0 : rounded;
}

export function floorOf(a: RNumber): RNumber {
  if (typeof a === 'number') return Math.floor(a) || 0;
  return typeof a === 'bigint' ? a : roundDecimal(a, 'floor');
}

export function ceilOf(a: RNumber): RNumber {
  if (typeof a === 'number') return Math.ceil(a) || 0;
  return typeof a === 'bigint' ? a : roundDecimal(a, 'ceil');
}

/** The integer part, toward zero: format_int's reading of a number with a fraction. */
export function truncated(a: RNumber): bigint {
  if (typeof a === 'bigint') return a;
  if (typeof a === 'number') return toBigInt(Math.trunc(a)) ?? 0n;
  return toBigInt(roundDecimal(a, 'trunc')) ?? 0n;
}
