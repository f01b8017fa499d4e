import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { getBuiltin } from './index.js';
import { builtinErrorOf, call, context, titled } from './test-support.js';

const ns = (text: string): bigint => BigInt(text);
// 2024-02-29T13:45:30.123456789Z, a leap day
const LEAP = ns('1709214330123456789');

describe('time builtins', () => {
  it('time.now_ns returns the query start time', () => {
    const now = getBuiltin('time.now_ns')?.impl([], context(ns('1700000000000000000')));
    expect(now).toBe(ns('1700000000000000000'));
    // boundary: a time that fits 2^53 comes back as a plain number
    expect(getBuiltin('time.now_ns')?.impl([], context(5n))).toBe(5);
  });

  const valid: [string, Value[], Value][] = [
    ['time.parse_rfc3339_ns', ['2024-02-29T13:45:30.123456789Z'], LEAP],
    ['time.parse_rfc3339_ns', ['2024-02-29T14:45:30.123456789+01:00'], LEAP],
    ['time.parse_rfc3339_ns', ['1970-01-01T00:00:00Z'], 0],
    // boundary: before the epoch is negative
    ['time.parse_rfc3339_ns', ['1969-12-31T23:59:59Z'], -1_000_000_000],
    ['time.parse_ns', ['2006-01-02', '2024-02-29'], ns('1709164800000000000')],
    [
      'time.parse_ns',
      ['Jan 2, 2006 at 3:04pm (MST)', 'Feb 29, 2024 at 1:45pm (UTC)'],
      ns('1709214300000000000'),
    ],
    [
      'time.parse_ns',
      ['02/01/06 15:04:05.000', '29/02/24 13:45:30.123'],
      ns('1709214330123000000'),
    ],
    [
      'time.parse_ns',
      ['Monday, 02-Jan-06 15:04:05 -0700', 'Thursday, 29-Feb-24 06:45:30 -0700'],
      ns('1709214330000000000'),
    ],
    ['time.parse_duration_ns', ['1h30m'], 5_400_000_000_000],
    ['time.parse_duration_ns', ['1.5s'], 1_500_000_000],
    ['time.parse_duration_ns', ['-300ms'], -300_000_000],
    ['time.parse_duration_ns', ['1µs2ns'], 1002],
    ['time.parse_duration_ns', ['0'], 0],
    ['time.date', [LEAP], [2024, 2, 29]],
    ['time.clock', [LEAP], [13, 45, 30]],
    ['time.weekday', [LEAP], 'Thursday'],
    // boundary: in a zone far east of UTC the leap day is already over
    ['time.date', [[LEAP, 'Pacific/Kiritimati']], [2024, 3, 1]],
    ['time.date', [[LEAP, 'Asia/Tokyo']], [2024, 2, 29]],
    ['time.clock', [[LEAP, 'America/New_York']], [8, 45, 30]],
    ['time.date', [-1], [1969, 12, 31]],
    ['time.format', [LEAP], '2024-02-29T13:45:30.123456789Z'],
    ['time.format', [[LEAP, 'Asia/Tokyo', '2006-01-02 15:04 Z07:00']], '2024-02-29 22:45 +09:00'],
    ['time.format', [[0, 'UTC', 'Mon Jan _2 03:04:05 PM 2006']], 'Thu Jan  1 12:00:00 AM 1970'],
    // boundary: AddDate normalises overflowing days and months, as Go does
    ['time.add_date', [LEAP, 1, 0, 0], ns('1740836730123456789')],
    ['time.add_date', [ns('1706708730000000000'), 0, 1, 0], ns('1709387130000000000')],
    ['time.add_date', [0, 0, 0, -1], -86_400_000_000_000],
    ['time.diff', [LEAP, 0], [54, 1, 28, 13, 45, 30]],
    ['time.diff', [0, LEAP], [54, 1, 28, 13, 45, 30]],
    ['time.diff', [LEAP, LEAP], [0, 0, 0, 0, 0, 0]],
  ];
  it.each(titled('%s(%a)', valid))('%s', (_, name, args, expected) => {
    expect(call(name, ...args)).toEqual(expected);
  });

  const invalid: [string, Value[], string, string][] = [
    ['time.parse_rfc3339_ns', ['2024-02-30T00:00:00Z'], 'eval_builtin_error', 'day out of range'],
    [
      'time.parse_rfc3339_ns',
      ['yesterday'],
      'eval_builtin_error',
      'time.parse_rfc3339_ns: parsing time "yesterday"',
    ],
    [
      'time.parse_rfc3339_ns',
      ['2024-02-29T13:45:30Z trailing'],
      'eval_builtin_error',
      'extra text',
    ],
    // boundary: a time outside int64 nanoseconds cannot be represented
    [
      'time.parse_rfc3339_ns',
      ['2300-01-01T00:00:00Z'],
      'eval_builtin_error',
      'time outside of valid range',
    ],
    ['time.parse_duration_ns', ['1d'], 'eval_builtin_error', 'time: invalid duration "1d"'],
    ['time.date', [[0, 'Mars/Olympus']], 'eval_builtin_error', 'unknown time zone Mars/Olympus'],
    [
      'time.date',
      ['now'],
      'eval_type_error',
      'time.date: operand 1 must be one of {number, array} but got string',
    ],
    ['time.add_date', [0, 0.5, 0, 0], 'eval_type_error', 'operand 2 must be integer number'],
  ];
  it.each(titled('%s(%a) fails', invalid))('%s', (_, name, args, kind, message) => {
    const error = builtinErrorOf(() => call(name, ...args));
    expect(error.kind).toBe(kind);
    expect(error.message).toContain(message);
  });
});
