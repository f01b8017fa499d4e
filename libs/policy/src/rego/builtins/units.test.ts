import { describe, expect, it } from 'vitest';
import { builtinErrorOf, call, titled } from './test-support.js';

const big = (text: string): bigint => BigInt(text);

describe('units.parse', () => {
  const table: [string, number | bigint][] = [
    ['"100TI"', 109951162777600],
    ['0', 0],
    ['0.0', 0],
    ['.0', 0],
    ['12345', 12345],
    ['10K', 10000],
    ['10KI', 10240],
    ['10k', 10000],
    ['10Ki', 10240],
    ['200M', 200000000],
    ['300Gi', 322122547200],
    ['1.1K', 1100],
    // boundary: binary units are not rounded by units.parse
    ['1.1Ki', 1126.4],
    ['.5K', 500],
    // boundary: lower-case m is milli, computed exactly (500m is exactly 0.5)
    ['500m', 0.5],
    ['0.0005K', 0.5],
    ['0.0000005M', 0.5],
    ['100m', 0.1],
    ['100mi', 104857600],
    ['100Mi', 104857600],
    ['100g', 100000000000],
    ['100t', 100000000000000],
    ['100Ti', 109951162777600],
    ['100P', big('100000000000000000')],
    ['10E', 10000000000000000000n],
    ['10Ei', 11529215046068469760n],
    ['2.5e3K', 2500000],
    ['4E2G', 400000000000],
    ['5e1Gi', 53687091200],
    ['1e-2', 0.01],
    ['7.8E-1', 0.78],
    ['-3.5E2m', -0.35],
    // boundary: an exponent marker without digits is the exa unit
    ['5E', 5000000000000000000n],
    ['1G', 1000000000],
  ];
  it.each(titled('units.parse(%s)', table))('%s', (_, text, expected) => {
    expect(call('units.parse', text)).toEqual(expected);
  });

  const failures: [string, string][] = [
    ['', 'units.parse: no amount provided'],
    ['G', 'units.parse: no amount provided'],
    ['foo', 'units.parse: no amount provided'],
    ['0.0.0', 'units.parse: could not parse amount to a number'],
    ['.5.2', 'units.parse: could not parse amount to a number'],
    ['100 k', 'units.parse: spaces not allowed in resource strings'],
    [' 327Mi ', 'units.parse: spaces not allowed in resource strings'],
    ['10e10000000Ei', 'units.parse: exponent too large'],
    ['10Q', 'units.parse: unit not recognized: Q'],
  ];
  it.each(titled('units.parse(%s) fails', failures))('%s', (_, text, message) => {
    const error = builtinErrorOf(() => call('units.parse', text));
    expect(error.kind).toBe('eval_builtin_error');
    expect(error.message).toBe(message);
  });
});

describe('units.parse_bytes', () => {
  const table: [string, number | bigint][] = [
    ['"100TIB"', 109951162777600],
    ['0', 0],
    ['.0', 0],
    ['12345', 12345],
    ['10KB', 10000],
    ['10KIB', 10240],
    ['10kb', 10000],
    ['10Kib', 10240],
    ['200mb', 200000000],
    ['300GiB', 322122547200],
    ['1.1KB', 1100],
    // boundary: bytes are whole, so 1126.4 truncates to 1126
    ['1.1KiB', 1126],
    ['.5KB', 500],
    ['100k', 100000],
    ['100ki', 102400],
    // boundary: upper and lower case m both mean mega for bytes
    ['100m', 100000000],
    ['100mi', 104857600],
    // boundary: past 2^53 the result is an exact bigint
    ['100pi', big('112589990684262400')],
    ['10e', big('10000000000000000000')],
    ['10eib', big('11529215046068469760')],
    ['1e3KB', 1000000],
    ['3.2E2MiB', 335544320],
    ['4.5e1GiB', 48318382080],
    ['5e6', 5000000],
    ['1e-2KB', 10],
    ['7.5e1TiB', 82463372083200],
  ];
  it.each(titled('units.parse_bytes(%s)', table))('%s', (_, text, expected) => {
    expect(call('units.parse_bytes', text)).toEqual(expected);
  });

  const failures: [string, string][] = [
    ['', 'units.parse_bytes: no byte amount provided'],
    ['GB', 'units.parse_bytes: no byte amount provided'],
    ['foo', 'units.parse_bytes: no byte amount provided'],
    ['0.0.0', 'units.parse_bytes: could not parse byte amount to a number'],
    ['.5.2', 'units.parse_bytes: could not parse byte amount to a number'],
    ['100 kb', 'units.parse_bytes: spaces not allowed in resource strings'],
    [' 327MiB ', 'units.parse_bytes: spaces not allowed in resource strings'],
    ['10e10000000EiB', 'units.parse_bytes: exponent too large'],
  ];
  it.each(titled('units.parse_bytes(%s) fails', failures))('%s', (_, text, message) => {
    const error = builtinErrorOf(() => call('units.parse_bytes', text));
    expect(error.kind).toBe('eval_builtin_error');
    expect(error.message).toBe(message);
  });

  it('needs a string', () => {
    expect(builtinErrorOf(() => call('units.parse_bytes', 5)).kind).toBe('eval_type_error');
  });
});
