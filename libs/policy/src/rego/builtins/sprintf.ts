/**
 * `sprintf` with Go's fmt verbs, fed the way Open Policy Agent feeds them: strings as raw
 * strings, integers as Go ints (or big integers beyond 64 bits), other numbers (Decimals
 * included) as float64, and every other value as its Rego text. So `%s` of `true` is `true`, `%v` of
 * an array is `["a", 1]`, and `%d` of a string is Go's `%!d(string=…)`.
 */
import { Decimal, stringify } from '../value.js';
import type { Value } from '../value.js';
import { toBigInt } from './arith.js';
import { arr, str } from './args.js';
import { defineBuiltins } from './registry.js';

type Operand =
  | { kind: 'int'; goType: 'int64' | '*big.Int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string };

interface Spec {
  flags: string;
  width: number | undefined;
  precision: number | undefined;
  verb: string;
}

const INT64_MAX = 2n ** 63n - 1n;

function operand(value: Value): Operand {
  if (typeof value === 'string') return { kind: 'string', value };
  if (value instanceof Decimal) return { kind: 'float', value: value.toFloat() };
  if (typeof value === 'number' || typeof value === 'bigint') {
    const whole = toBigInt(value);
    if (whole === undefined) return { kind: 'float', value: Number(value) };
    const fits = whole <= INT64_MAX && whole >= -INT64_MAX - 1n;
    return { kind: 'int', goType: fits ? 'int64' : '*big.Int', value: whole };
  }
  return { kind: 'string', value: stringify(value) };
}

function goTypeOf(op: Operand): string {
  if (op.kind === 'int') return op.goType;
  return op.kind === 'float' ? 'float64' : 'string';
}

function plainText(op: Operand): string {
  if (op.kind === 'string') return op.value;
  return op.kind === 'int' ? op.value.toString() : goShortest(op.value);
}

function badVerb(spec: Spec, op: Operand): string {
  return `%!${spec.verb}(${goTypeOf(op)}=${plainText(op)})`;
}

/** Go's exponent form: at least two exponent digits, `e+06`. */
function goExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * Go's `%g` of a float64: shortest digits (or `precision` significant ones), in exponent
 * form when the exponent is below -4 or reaches the precision (6 for shortest).
 */
function goG(value: number, precision: number | undefined): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return '0';
  const rounded = precision === undefined ? value : Number(value.toPrecision(precision || 1));
  const [mantissa = '', exponentText = '0'] = rounded.toExponential().split('e');
  const exponent = Number(exponentText);
  const digits = mantissa.replace(/[-.]/g, '').length;
  let limit = precision ?? 6;
  if (precision !== undefined && limit > digits && digits >= exponent + 1) limit = digits;
  if (exponent < -4 || exponent >= limit) return goExponent(`${mantissa}e${exponentText}`);
  return String(rounded);
}

function goShortest(value: number): string {
  return goG(value, undefined);
}

function formatFloat(spec: Spec, value: number): string {
  const { verb, precision } = spec;
  switch (verb) {
    case 'f':
    case 'F':
      return value.toFixed(precision ?? 6);
    case 'e':
    case 'E': {
      const text = goExponent(value.toExponential(precision ?? 6));
      return verb === 'E' ? text.toUpperCase() : text;
    }
    case 'g':
    case 'G':
    case 'v': {
      const text = goG(value, precision);
      return verb === 'G' ? text.toUpperCase() : text;
    }
    default:
      return badVerb(spec, { kind: 'float', value });
  }
}

function formatInt(spec: Spec, value: bigint): string | undefined {
  const sharp = spec.flags.includes('#');
  const magnitude = value < 0n ? -value : value;
  const sign = value < 0n ? '-' : '';
  switch (spec.verb) {
    case 'd':
    case 'v':
    case 's':
      return value.toString();
    case 'b':
      return sign + magnitude.toString(2);
    case 'o':
      return sign + (sharp ? '0' : '') + magnitude.toString(8);
    case 'O':
      return `${sign}0o${magnitude.toString(8)}`;
    case 'x':
      return sign + (sharp ? '0x' : '') + magnitude.toString(16);
    case 'X':
      return sign + (sharp ? '0X' : '') + magnitude.toString(16).toUpperCase();
    case 'c':
      return String.fromCodePoint(Number(value));
    default:
      return undefined;
  }
}

function formatString(spec: Spec, value: string): string | undefined {
  const text = spec.precision === undefined ? value : [...value].slice(0, spec.precision).join('');
  switch (spec.verb) {
    case 's':
    case 'v':
      return text;
    case 'q':
      return JSON.stringify(text);
    case 'x':
    case 'X': {
      const hex = Buffer.from(text, 'utf8').toString('hex');
      return spec.verb === 'X' ? hex.toUpperCase() : hex;
    }
    default:
      return undefined;
  }
}

function signed(spec: Spec, text: string): string {
  if (text.startsWith('-')) return text;
  if (spec.flags.includes('+')) return `+${text}`;
  return spec.flags.includes(' ') ? ` ${text}` : text;
}

function pad(spec: Spec, text: string, numeric: boolean): string {
  const width = spec.width ?? 0;
  const length = [...text].length;
  if (length >= width) return text;
  const fill = width - length;
  if (spec.flags.includes('-')) return text + ' '.repeat(fill);
  if (numeric && spec.flags.includes('0')) {
    const sign = /^[+\- ]/.test(text) ? text.slice(0, 1) : '';
    return sign + '0'.repeat(fill) + text.slice(sign.length);
  }
  return ' '.repeat(fill) + text;
}

function formatOne(spec: Spec, op: Operand): string {
  if (op.kind === 'string')
    return pad(spec, formatString(spec, op.value) ?? badVerb(spec, op), false);
  if (op.kind === 'float') {
    const text = formatFloat(spec, op.value);
    return text.startsWith('%!') ? text : pad(spec, signed(spec, text), true);
  }
  const allowed = op.goType === 'int64' ? 'dvbcoOxX' : 'dvsbcoOxX';
  const text = allowed.includes(spec.verb) ? formatInt(spec, op.value) : undefined;
  return text === undefined ? badVerb(spec, op) : pad(spec, signed(spec, text), true);
}

const DIRECTIVE = /%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])?|[^%]+/g;

function directive(match: RegExpMatchArray): Spec | string {
  const [text, flags = '', width, precision, verb] = match;
  if (!text.startsWith('%')) return text;
  if (verb === undefined) return '%!(NOVERB)';
  if (verb === '%') return '%';
  return {
    flags,
    width: width === undefined ? undefined : Number(width),
    precision: precision === undefined ? undefined : Number(precision || '0'),
    verb,
  };
}

export function goSprintf(format: string, values: Value[]): string {
  const operands = values.map(operand);
  let out = '';
  let next = 0;
  for (const match of format.matchAll(DIRECTIVE)) {
    const spec = directive(match);
    if (typeof spec === 'string') {
      out += spec;
      continue;
    }
    const op = operands[next];
    next += 1;
    out += op === undefined ? `%!${spec.verb}(MISSING)` : formatOne(spec, op);
  }
  if (next < operands.length) {
    const extra = operands.slice(next).map((op) => `${goTypeOf(op)}=${plainText(op)}`);
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

defineBuiltins([
  {
    name: 'sprintf',
    arity: 2,
    impl: (args) => goSprintf(str('sprintf', args, 0), arr('sprintf', args, 1)),
  },
]);
