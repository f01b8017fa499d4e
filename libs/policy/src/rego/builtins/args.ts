/**
 * Shared argument checks for builtins. Each check throws `BuiltinError('eval_type_error')`
 * with Open Policy Agent's wording, `<name>: operand <n> must be <type> but got <type>`, so
 * a policy author sees the same message whichever engine ran the policy.
 */
import { BuiltinError } from '../errors.js';
import { RObject, RSet, isInteger, typeName } from '../value.js';
import type { RNumber, TypeName, Value } from '../value.js';

/** `number` for one type, `one of {a, b}` for several, in the order given. */
export function describeTypes(types: readonly string[]): string {
  return types.length === 1 ? (types[0] as string) : `one of {${types.join(', ')}}`;
}

export function typeError(name: string, position: number, expected: string, got: string) {
  return new BuiltinError(
    'eval_type_error',
    `${name}: operand ${position} must be ${expected} but got ${got}`,
  );
}

export function builtinError(name: string, detail: string): BuiltinError {
  return new BuiltinError('eval_builtin_error', `${name}: ${detail}`);
}

/** Operand `index` (0-based), of any type. */
export function arg(args: Value[], index: number): Value {
  const value = args[index];
  if (value === undefined)
    throw new BuiltinError('eval_type_error', `missing operand ${index + 1}`);
  return value;
}

/** Checks operand `index` (0-based) is one of `types` and returns it. */
export function expectType(
  name: string,
  args: Value[],
  index: number,
  types: readonly TypeName[],
): Value {
  const value = arg(args, index);
  const got = typeName(value);
  if (!types.includes(got)) throw typeError(name, index + 1, describeTypes(types), got);
  return value;
}

export function str(name: string, args: Value[], index: number): string {
  return expectType(name, args, index, ['string']) as string;
}

export function num(name: string, args: Value[], index: number): RNumber {
  return expectType(name, args, index, ['number']) as RNumber;
}

export function bool(name: string, args: Value[], index: number): boolean {
  return expectType(name, args, index, ['boolean']) as boolean;
}

export function arr(name: string, args: Value[], index: number): Value[] {
  return expectType(name, args, index, ['array']) as Value[];
}

export function obj(name: string, args: Value[], index: number): RObject {
  return expectType(name, args, index, ['object']) as RObject;
}

export function set(name: string, args: Value[], index: number): RSet {
  return expectType(name, args, index, ['set']) as RSet;
}

/** An integral number (1.0 counts); floats and Decimals fail as `integer number`. */
export function int(name: string, args: Value[], index: number): RNumber {
  const value = num(name, args, index);
  if (!isInteger(value)) {
    throw typeError(name, index + 1, 'integer number', 'floating-point number');
  }
  return value;
}

/** An integral number small enough to index or count with. */
export function smallInt(name: string, args: Value[], index: number): number {
  const value = int(name, args, index);
  return typeof value === 'number' ? value : Number(value);
}

/** The members of an array or set, in order (sets sorted). */
export function elements(value: Value[] | RSet): Value[] {
  return Array.isArray(value) ? value : value.sortedValues();
}

/**
 * Strings from a string, or an array or set of strings: OPA's `operand n must be array of
 * strings but got array containing number` when a member is not a string.
 */
export function stringsOf(name: string, args: Value[], index: number): string[] {
  const value = expectType(name, args, index, ['string', 'set', 'array']);
  if (typeof value === 'string') return [value];
  const members = elements(value as Value[] | RSet);
  for (const member of members) {
    if (typeof member !== 'string') {
      const kind = Array.isArray(value) ? 'array' : 'set';
      throw typeError(
        name,
        index + 1,
        `${kind} of strings`,
        `${kind} containing ${typeName(member)}`,
      );
    }
  }
  return members as string[];
}

export function isObject(value: Value): value is RObject {
  return value instanceof RObject;
}

export function isSet(value: Value): value is RSet {
  return value instanceof RSet;
}
