/** Type tests (`is_*`), `type_name`, and `to_number`. */
import { Decimal, parseNumber, typeName } from '../value.js';
import type { TypeName, Value } from '../value.js';
import { builtinError, expectType, typeError } from './args.js';
import { defineBuiltins } from './registry.js';
import type { Builtin } from './registry.js';

function isType(name: string, type: TypeName): Builtin {
  return { name, arity: 1, impl: ([value = null]) => typeName(value) === type };
}

const NOT_FINITE = new Set([
  'nan',
  '-nan',
  '+nan',
  'inf',
  '-inf',
  '+inf',
  'infinity',
  '-infinity',
  '+infinity',
]);
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal string as an exact number; Go's ParseFloat decides what is accepted. */
function numberFromString(text: string): Value {
  if (NOT_FINITE.has(text.toLowerCase())) {
    throw typeError('to_number', 1, 'valid number string', `"${text}"`);
  }
  if (!DECIMAL.test(text)) {
    throw builtinError('to_number', `strconv.ParseFloat: parsing "${text}": invalid syntax`);
  }
  const unsigned = text.replace(/^\+/, '');
  const value = parseNumber(unsigned);
  // Go's ParseFloat refuses what overflows a float64; what underflows stays exact here.
  const float = value instanceof Decimal ? value.toFloat() : Number(value);
  if (!Number.isFinite(float)) {
    throw builtinError('to_number', `strconv.ParseFloat: parsing "${text}": value out of range`);
  }
  return value;
}

function toNumber(args: Value[]): Value {
  const value = expectType('to_number', args, 0, ['null', 'boolean', 'number', 'string']);
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return numberFromString(value);
  return value;
}

defineBuiltins([
  isType('is_number', 'number'),
  isType('is_string', 'string'),
  isType('is_boolean', 'boolean'),
  isType('is_array', 'array'),
  isType('is_set', 'set'),
  isType('is_object', 'object'),
  isType('is_null', 'null'),
  { name: 'type_name', arity: 1, impl: ([value = null]) => typeName(value) },
  { name: 'to_number', arity: 1, impl: toNumber },
]);
