/**
 * Exact arithmetic on Rego numbers. Integers stay exact at any size (bigint beyond 2^53,
 * brought back to `number` when they fit); anything with a fraction is a float.
 */
import { BuiltinError } from '../errors.js';
import { normalizeNumber } from '../value.js';
import type { RNumber } from '../value.js';

/**
 * The exact integer a number denotes, or undefined when it has a fraction. An integral
 * float beyond 2^53 is read from its shortest decimal text (1e30 is 10^30), because that
 * text is what the policy wrote.
 */
export function toBigInt(n: RNumber): bigint | undefined {
  if (typeof n === 'bigint') return n;
  if (!Number.isInteger(n)) return undefined;
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

export function add(a: RNumber, b: RNumber): RNumber {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (safe(sum) || !Number.isInteger(a) || !Number.isInteger(b)) return sum;
  }
  const ints = bothIntegers(a, b);
  return ints ? normalizeNumber(ints[0] + ints[1]) : Number(a) + Number(b);
}

export function negate(a: RNumber): RNumber {
  return typeof a === 'bigint' ? normalizeNumber(-a) : -a;
}

export function subtract(a: RNumber, b: RNumber): RNumber {
  return add(a, negate(b));
}

export function multiply(a: RNumber, b: RNumber): RNumber {
  if (typeof a === 'number' && typeof b === 'number') {
    const product = a * b;
    if (safe(product) || !Number.isInteger(a) || !Number.isInteger(b)) return product;
  }
  const ints = bothIntegers(a, b);
  return ints ? normalizeNumber(ints[0] * ints[1]) : Number(a) * Number(b);
}

export function isZero(n: RNumber): boolean {
  return typeof n === 'bigint' ? n === 0n : n === 0;
}

/** Integer division is exact when the divisor divides the dividend; otherwise a float. */
export function divide(name: string, a: RNumber, b: RNumber): RNumber {
  if (isZero(b)) throw new BuiltinError('eval_builtin_error', `${name}: divide by zero`);
  const ints = bothIntegers(a, b);
  if (ints && ints[0] % ints[1] === 0n) return normalizeNumber(ints[0] / ints[1]);
  return Number(a) / Number(b);
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
  return Math.abs(a);
}

/** Rounds half away from zero, as Go's math.Round does. */
export function roundHalfAway(a: RNumber): RNumber {
  if (typeof a === 'bigint') return a;
  const rounded = Math.sign(a) * Math.round(Math.abs(a));
  return rounded === 0 ? 0 : rounded;
}

export function floorOf(a: RNumber): RNumber {
  return typeof a === 'bigint' ? a : Math.floor(a) || 0;
}

export function ceilOf(a: RNumber): RNumber {
  return typeof a === 'bigint' ? a : Math.ceil(a) || 0;
}
