import { describe, expect, it } from 'vitest';
import { DIVISION_DIGITS } from '../decimal-arith.js';
import { parseNumber, stringify } from '../value.js';
import type { Value } from '../value.js';
import { builtinErrorOf, call, titled } from './test-support.js';

/** Number arguments are written as Rego literals and parsed as the parser parses them. */
const n = (text: string): Value => parseNumber(text);

describe('builtins accept Decimals wherever a number goes', () => {
  const valid: [string, Value[], string][] = [
    ['plus', [n('1e-400'), n('1e-400')], '2e-400'],
    ['plus', [n('0.1'), n('1e-400')], `0.1${'0'.repeat(398)}1`],
    // boundary: a sum that a float can show again is a float
    ['minus', [n('0.10000000000000001'), n('1e-17')], '0.1'],
    ['minus', [n('1e-400'), n('1e-400')], '0'],
    // boundary: floats whose product or quotient a float cannot hold are computed exactly
    ['mul', [n('1e-200'), n('1e-200')], '1e-400'],
    ['mul', [n('1.5e200'), n('1e200')], `15${'0'.repeat(399)}`],
    ['div', [n('1e-200'), n('1e200')], '1e-400'],
    ['mul', [n('0.5'), n('0.25')], '0.125'],
    // boundary: a product that is a whole number is an integer
    ['mul', [n('1e-400'), n('1e400')], '1'],
    ['div', [n('1e-400'), n('1e-400')], '1'],
    ['div', [n('1e-400'), 4], '2.5e-401'],
    // boundary: a quotient without end keeps DIVISION_DIGITS significant digits, rounded
    ['div', [n('2e-400'), 3], `6.${'6'.repeat(DIVISION_DIGITS - 2)}7e-401`],
    ['abs', [n('-0.1234567890123456789')], '0.1234567890123456789'],
    ['round', [n('2.50000000000000000001')], '3'],
    // boundary: just under a half rounds down; a half rounds away from zero
    ['round', [n('-2.49999999999999999999')], '-2'],
    ['round', [n('-12345678901234567.5')], '-12345678901234568'],
    ['floor', [n('-0.1234567890123456789')], '-1'],
    ['ceil', [n('-0.1234567890123456789')], '0'],
    ['ceil', [n('1e-400')], '1'],
    ['floor', [n('1e-400')], '0'],
    ['sum', [[n('1e-400'), 1]], `1.${'0'.repeat(399)}1`],
    ['max', [[n('1e-400'), 0, n('-1e-400')]], '1e-400'],
    ['format_int', [n('12345678901234567.5'), 10], '"12345678901234567"'],
    ['type_name', [n('1e-400')], '"number"'],
    ['is_number', [n('1e-400')], 'true'],
    ['to_number', ['1e-400'], '1e-400'],
    ['to_number', ['0.1234567890123456789'], '0.1234567890123456789'],
    ['json.marshal', [[n('1e-400')]], '"[1e-400]"'],
    ['json.unmarshal', ['[1e-400, 0.10000000000000001]'], '[1e-400, 0.10000000000000001]'],
    // sprintf reads non-integers as float64, as Open Policy Agent does
    ['sprintf', ['%v', [n('0.1234567890123456789')]], '"0.12345678901234568"'],
  ];
  it.each(titled('%s(%a)', valid))('%s', (_, name, args, expected) => {
    expect(stringify(call(name, ...args) as Value)).toBe(expected);
  });

  const invalid: [string, Value[], string][] = [
    ['rem', [n('1e-400'), 2], 'rem: modulo on floating-point number'],
    [
      'numbers.range',
      [n('1e-400'), 2],
      'numbers.range: operand 1 must be integer number but got floating-point number',
    ],
    // boundary: Go's ParseFloat refuses an overflow but reads an underflow
    ['to_number', ['1e400'], 'to_number: strconv.ParseFloat: parsing "1e400": value out of range'],
  ];
  it.each(titled('%s(%a)', invalid))('%s fails', (_, name, args, message) => {
    expect(builtinErrorOf(() => call(name, ...args)).message).toBe(message);
  });
});
