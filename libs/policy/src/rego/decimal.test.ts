import { describe, expect, it } from 'vitest';
import { Decimal, MAX_INTEGER_DIGITS } from './decimal.js';
import { compareNumbers, keyOf, parseNumber, stringify, toJSON, typeName } from './value.js';
import type { RNumber } from './value.js';

type Kind = 'number' | 'bigint' | 'Decimal';

function kindOf(n: RNumber): Kind {
  return n instanceof Decimal ? 'Decimal' : (typeof n as 'number' | 'bigint');
}

describe('parseNumber keeps a float only where it shows the literal', () => {
  const cases: [string, Kind, string][] = [
    ['0.1', 'number', '0.1'],
    // boundary: a trailing zero changes the text, not the value
    ['3.50', 'number', '3.5'],
    ['1e2', 'number', '100'],
    ['2.5e-3', 'number', '0.0025'],
    // boundary: a subnormal float whose shortest text is still the literal stays a float
    ['1.23e-320', 'number', '1.23e-320'],
    ['1.2345678e-320', 'Decimal', '1.2345678e-320'],
    ['-0.0', 'number', '0'],
    // boundary: 1e23 is no exact binary float, but its shortest text is 1e+23: kept a float
    ['1e23', 'number', '1e+23'],
    ['123456789012345.5', 'number', '123456789012345.5'],
    // boundary: 17 significant digits, the most a float's shortest text needs
    ['0.12345678901234568', 'number', '0.12345678901234568'],
    ['0.1234567890123456789', 'Decimal', '0.1234567890123456789'],
    // boundary: the float of this literal is 0.1, a different decimal
    ['0.10000000000000001', 'Decimal', '0.10000000000000001'],
    ['12345678901234567.5', 'Decimal', '12345678901234567.5'],
    ['1e-400', 'Decimal', '1e-400'],
    ['-2.50e-400', 'Decimal', '-2.5e-400'],
    // boundary: an integer beyond a float's range is a bigint, not a Decimal
    ['1e400', 'bigint', `1${'0'.repeat(400)}`],
    ['1.5e308', 'number', '1.5e+308'],
    ['1.5e309', 'bigint', `15${'0'.repeat(308)}`],
  ];
  it.each(cases)('%s is a %s printed %s', (text, kind, printed) => {
    const value = parseNumber(text);
    expect(kindOf(value)).toBe(kind);
    expect(stringify(value)).toBe(printed);
    expect(typeName(value)).toBe('number');
  });
});

describe('Decimal.of normalizes so equal numbers are equal values', () => {
  const cases: [bigint, number, RNumber][] = [
    [0n, -999, 0],
    [150n, -2, 1.5],
    [10n, -1, 1],
    [-25n, 0, -25],
    // boundary: 2^53 is no safe integer, so it is a bigint
    [9007199254740992n, 0, 9007199254740992n],
    [9007199254740991n, 0, 9007199254740991],
    [12n, 1, 120],
  ];
  it.each(cases)('%s × 10^%s', (coefficient, exponent, expected) => {
    expect(Decimal.of(coefficient, exponent)).toBe(expected);
  });

  it('strips trailing zeros from a Decimal coefficient', () => {
    const value = Decimal.of(12300n, -403) as Decimal;
    expect([value.coefficient, value.exponent]).toEqual([123n, -401]);
  });

  it(`keeps integers longer than ${MAX_INTEGER_DIGITS} digits as Decimal`, () => {
    // boundary: exactly MAX_INTEGER_DIGITS digits is still a bigint
    expect(typeof Decimal.of(1n, MAX_INTEGER_DIGITS - 1)).toBe('bigint');
    expect(Decimal.of(1n, MAX_INTEGER_DIGITS)).toBeInstanceOf(Decimal);
  });
});

describe('compareNumbers orders decimals exactly across representations', () => {
  const cases: [string, string, number][] = [
    ['1e400', '1e399', 1],
    ['1e-400', '0', 1],
    ['-1e-400', '0', -1],
    ['-1e-400', '-2e-400', 1],
    ['0.1234567890123456789', '0.1234567890123456788', 1],
    ['0.1234567890123456789', '0.12345678901234568', -1],
    ['0.10000000000000001', '0.1', 1],
    // boundary: same magnitude, digits aligned across different exponents
    ['12345678901234567.5', '12345678901234567', 1],
    ['12345678901234567.5', '12345678901234568', -1],
    ['1e-400', '1e-401', 1],
    ['1e-400', '1e-300', -1],
    ['2.5e-400', '2.50e-400', 0],
    ['1e400', '1e30001', -1],
    // boundary: a float beyond 2^53 counts as its shortest text, not its binary value
    ['1e23', '100000000000000000000000', 0],
    ['1.2345678901234568e20', '123456789012345680000', 0],
    ['1e23', '99999999999999991611392', 1],
    ['0.5', '9007199254740993', -1],
  ];
  it.each(cases)('%s vs %s is %i', (a, b, expected) => {
    expect(compareNumbers(parseNumber(a), parseNumber(b))).toBe(expected);
    expect(compareNumbers(parseNumber(b), parseNumber(a))).toBe(-expected || 0);
  });

  it('orders a Decimal inside the infinities a float can reach', () => {
    const tiny = parseNumber('1e-400');
    expect(compareNumbers(tiny, Infinity)).toBe(-1);
    expect(compareNumbers(-Infinity, tiny)).toBe(-1);
  });
});

describe('keys: equal numbers share one across representations', () => {
  it('gives a Decimal its own key, unequal to nearby floats', () => {
    expect(keyOf(parseNumber('1e-400'))).toBe(keyOf(Decimal.of(10n, -401)));
    expect(keyOf(parseNumber('1e-400'))).not.toBe(keyOf(0));
    expect(keyOf(parseNumber('0.10000000000000001'))).not.toBe(keyOf(0.1));
  });

  it('keys a bigint too long for bigint form as the equal Decimal', () => {
    // boundary: only integers past MAX_INTEGER_DIGITS can meet a Decimal of equal value
    const huge = 10n ** BigInt(MAX_INTEGER_DIGITS + 1);
    expect(keyOf(huge)).toBe(keyOf(Decimal.of(1n, MAX_INTEGER_DIGITS + 1)));
    expect(keyOf(10n ** 400n)).toBe(keyOf(parseNumber('1e400')));
  });

  it('keys a float beyond 2^53 as the integer its shortest text shows', () => {
    expect(keyOf(1e23)).toBe(keyOf(10n ** 23n));
    expect(keyOf(-1.5e300)).toBe(keyOf(-15n * 10n ** 299n));
    // boundary: the largest safe integer keeps the plain float key
    expect(keyOf(Number.MAX_SAFE_INTEGER)).toBe('n9007199254740991');
  });
});

describe('formatting a Decimal', () => {
  const cases: [bigint, number, string][] = [
    [1234567890123456789n, -19, '0.1234567890123456789'],
    [-1234567890123456789n, -19, '-0.1234567890123456789'],
    [123456789012345675n, -1, '12345678901234567.5'],
    // boundary: JavaScript prints 0.000001 plainly and 1e-7 in exponent form; so does Decimal
    [100000000000000000001n, -26, '0.00000100000000000000000001'],
    [100000000000000000001n, -27, '1.00000000000000000001e-7'],
    [3n, -400, '3e-400'],
    [1n, MAX_INTEGER_DIGITS + 1, `1e+${MAX_INTEGER_DIGITS + 1}`],
  ];
  it.each(cases)('%s × 10^%s prints %s', (coefficient, exponent, text) => {
    const value = Decimal.of(coefficient, exponent);
    expect(value).toBeInstanceOf(Decimal);
    expect(stringify(value)).toBe(text);
    expect(toJSON(value, 'string')).toBe(text);
  });

  it('gives toJSON the nearest float unless strings are asked for', () => {
    expect(toJSON(parseNumber('1e-400'))).toBe(0);
    expect(toJSON([parseNumber('0.1234567890123456789')])).toEqual([0.12345678901234568]);
  });
});
