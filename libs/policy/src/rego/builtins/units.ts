/**
 * `units.parse` and `units.parse_bytes`: "10Ki", "1.5G", "500m", "3.2E2MiB". Amounts are
 * computed exactly in decimal (500m is exactly 0.5), then returned as an integer when
 * whole; `parse_bytes` truncates to whole bytes.
 */
import { normalizeNumber } from '../value.js';
import type { RNumber, Value } from '../value.js';
import { builtinError, str } from './args.js';
import { defineBuiltins } from './registry.js';

interface Decimal {
  mantissa: bigint;
  exponent: number;
}

interface UnitScale {
  power10: number;
  power1024: number;
}

const DECIMAL_UNITS = ['k', 'm', 'g', 't', 'p', 'e'];
const MAX_EXPONENT = 308;

function scaleOf(unit: string, bytes: boolean): UnitScale | undefined {
  if (unit === '') return { power10: 0, power1024: 0 };
  if (!bytes && unit === 'm') return { power10: -3, power1024: 0 };
  const lower = unit.toLowerCase();
  const match = bytes ? /^([kmgtpe])(i?)b?$/.exec(lower) : /^([kmgtpe])(i?)$/.exec(lower);
  if (!match) return undefined;
  const rank = DECIMAL_UNITS.indexOf(match[1] as string) + 1;
  return match[2] ? { power10: 0, power1024: rank } : { power10: 3 * rank, power1024: 0 };
}

/** "1.25e3" as 125 × 10^1. */
function decimal(name: string, text: string, label: string): Decimal {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match || (match[2] === '' && !match[3])) {
    throw builtinError(name, `could not parse ${label} to a number`);
  }
  const [, sign, whole = '', fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText) - fraction.length;
  if (Math.abs(Number(exponentText)) > MAX_EXPONENT) throw builtinError(name, 'exponent too large');
  return { mantissa: BigInt(`${sign}${whole}${fraction}`), exponent };
}

function split(name: string, raw: string, bytes: boolean): [string, string] {
  const text = raw.replaceAll('"', '');
  if (/\s/.test(text)) throw builtinError(name, 'spaces not allowed in resource strings');
  const signs = bytes ? '' : '+-';
  const match = new RegExp(`^([${signs}]?[0-9.]*(?:[eE][+-]?[0-9]+)?)(.*)$`).exec(text);
  const [, amount = '', unit = ''] = match ?? [];
  if (!/[0-9]/.test(amount)) {
    throw builtinError(name, bytes ? 'no byte amount provided' : 'no amount provided');
  }
  return [amount, unit];
}

function scaled(value: Decimal, scale: UnitScale): Decimal {
  return {
    mantissa: value.mantissa * 1024n ** BigInt(scale.power1024),
    exponent: value.exponent + scale.power10,
  };
}

function toNumber(value: Decimal, truncate: boolean): RNumber {
  const { mantissa, exponent } = value;
  if (exponent >= 0) return normalizeNumber(mantissa * 10n ** BigInt(exponent));
  const divisor = 10n ** BigInt(-exponent);
  if (truncate || mantissa % divisor === 0n) return normalizeNumber(mantissa / divisor);
  return Number(`${mantissa}e${exponent}`);
}

function parseUnits(name: string, args: Value[], bytes: boolean): RNumber {
  const [amount, unit] = split(name, str(name, args, 0), bytes);
  const label = bytes ? 'byte amount' : 'amount';
  const value = decimal(name, amount, label);
  const scale = scaleOf(unit, bytes);
  if (!scale) throw builtinError(name, `${bytes ? 'byte ' : ''}unit not recognized: ${unit}`);
  return toNumber(scaled(value, scale), bytes);
}

defineBuiltins([
  { name: 'units.parse', arity: 1, impl: (args) => parseUnits('units.parse', args, false) },
  {
    name: 'units.parse_bytes',
    arity: 1,
    impl: (args) => parseUnits('units.parse_bytes', args, true),
  },
]);
