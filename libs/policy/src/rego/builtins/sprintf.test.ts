import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { builtinErrorOf, call, obj, set, titled } from './test-support.js';

describe('sprintf', () => {
  const table: [string, Value[], string][] = [
    ['hi %s', ['there'], 'hi there'],
    ['hi %02X.%02X', [127, 1], 'hi 7F.01'],
    ['hi %.2f', [3.1415], 'hi 3.14'],
    // boundary: booleans and composites are passed as their Rego text
    ['hi %s', [true], 'hi true'],
    ['hi %v', [['there', 5, 3.14]], 'hi ["there", 5, 3.14]'],
    ['%v', [set(2, 1)], '{1, 2}'],
    ['%v', [set()], 'set()'],
    ['%v', [obj({ b: 'x', a: 1 })], '{"a": 1, "b": "x"}'],
    ['%v', [null], 'null'],
    ['%s/%d', ['cases', 3], 'cases/3'],
    // boundary: integers beyond 64 bits print exactly, with %s as well as %d and %v
    ['%s', [BigInt('123456789123456789123')], '123456789123456789123'],
    ['%v', [BigInt('18446744073709551618')], '18446744073709551618'],
    ['%d', [BigInt('-18446744073709551618')], '-18446744073709551618'],
    ['%v', [4], '4'],
    ['%v', [3.5], '3.5'],
    // boundary: Go prints large and tiny floats in exponent form
    ['%v', [1234567.5], '1.2345675e+06'],
    ['%v', [0.00001], '1e-05'],
    ['%e', [1234.5], '1.234500e+03'],
    ['%g', [0.5], '0.5'],
    ['%x', [255], 'ff'],
    ['%#x', [255], '0xff'],
    ['%x', ['hi'], '6869'],
    ['%b', [5], '101'],
    ['%o', [8], '10'],
    ['%q', ['a"b'], '"a\\"b"'],
    ['%5d|%-5d|%05d', [1, 2, -3], '    1|2    |-0003'],
    ['%+d', [5], '+5'],
    ['%8.3f', [3.14159], '   3.142'],
    ['%.2s', ['abc'], 'ab'],
    ['100%%', [], '100%'],
    ['', [], ''],
    // boundary: Go's markers for a wrong verb, a missing operand and extra operands
    ['%s', [5], '%!s(int64=5)'],
    ['%d', ['x'], '%!d(string=x)'],
    ['%d', [1.5], '%!d(float64=1.5)'],
    ['%d %d', [1], '1 %!d(MISSING)'],
    ['x', [1, 'a'], 'x%!(EXTRA int64=1, string=a)'],
  ];
  it.each(titled('sprintf(%s, %s)', table))('%s', (_, format, values, expected) => {
    expect(call('sprintf', format, values)).toBe(expected);
  });

  it('requires an array of values', () => {
    const error = builtinErrorOf(() => call('sprintf', '%s', 'x'));
    expect(error.message).toBe('sprintf: operand 2 must be array but got string');
  });
});
