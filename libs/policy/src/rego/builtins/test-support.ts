/** Test helpers (no test framework inside) for the builtin tables: call a builtin by name, build values briefly. */
import { BuiltinError } from '../errors.js';
import { RObject, RSet, fromJSON, stringify } from '../value.js';
import type { Value } from '../value.js';
import { getBuiltin } from './index.js';
import type { BuiltinContext } from './registry.js';

export function context(nowNs = 1_700_000_000_000_000_000n): BuiltinContext {
  return { nowNs, cache: new Map() };
}

export function call(name: string, ...args: Value[]): Value | undefined {
  const builtin = getBuiltin(name);
  if (!builtin) throw new Error(`no builtin ${name}`);
  return builtin.impl(args, context());
}

export const set = (...values: Value[]): RSet => RSet.of(values);
export const obj = (json: Record<string, unknown>): RObject => fromJSON(json) as RObject;
export const pairs = (...entries: [Value, Value][]): RObject => RObject.fromEntries(entries);

/** Runs `run` and returns the BuiltinError it throws; anything else is a failure. */
export function builtinErrorOf(run: () => unknown): BuiltinError {
  try {
    run();
  } catch (error) {
    if (error instanceof BuiltinError) return error;
    throw error;
  }
  throw new Error('expected a BuiltinError, but the call returned');
}

/** Rego text of a result, `undefined` included, for comparisons that ignore build order. */
export function show(value: Value | undefined): string {
  return value === undefined ? 'undefined' : stringify(value);
}
