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

function label(value: unknown, list: boolean): string {
  if (list && Array.isArray(value)) return value.map((v) => label(v, false)).join(', ');
  return show(value as Value);
}

/**
 * Puts a readable title before each table row: `%s` is a value in Rego syntax, `%a` an
 * argument list (`plus(1, 2)`), so `it.each(titled('%s(%a)', rows))('%s', …)` names each case.
 */
export function titled<Row extends readonly unknown[]>(
  format: string,
  rows: readonly Row[],
): [string, ...Row][] {
  return rows.map((row) => {
    let i = 0;
    const title = format.replace(/%[sia]/g, (p) => {
      const value = row[i++];
      const isName = i === 1 && format.startsWith('%s(') && typeof value === 'string';
      return isName ? value : label(value, p === '%a');
    });
    return [title, ...row];
  });
}
