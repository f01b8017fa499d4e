import type { Value } from '../value.js';

export interface BuiltinContext {
  /** Nanoseconds since the epoch when the query started; `time.now_ns` returns it. */
  nowNs: bigint;
  /** Per-evaluation scratch space, for example compiled regular expressions. */
  cache: Map<string, unknown>;
}

/**
 * A builtin's implementation: takes evaluated arguments, returns the result, or
 * `undefined` when the result is undefined (not an error). Bad arguments throw
 * `BuiltinError` (see errors.ts).
 */
export type BuiltinImpl = (args: Value[], context: BuiltinContext) => Value | undefined;

export interface Builtin {
  /** The dotted name as policies call it: `count`, `object.get`, `plus` for `+`. */
  name: string;
  /** Number of input arguments; a call may pass one more, an output to unify with. */
  arity: number;
  impl: BuiltinImpl;
}

const registry = new Map<string, Builtin>();

/** Adds builtins; a family module calls this once when imported. */
export function defineBuiltins(list: readonly Builtin[]): void {
  for (const builtin of list) {
    if (registry.has(builtin.name)) throw new Error(`builtin ${builtin.name} defined twice`);
    registry.set(builtin.name, builtin);
  }
}

export function getBuiltin(name: string): Builtin | undefined {
  return registry.get(name);
}

export function builtinNames(): string[] {
  return [...registry.keys()].sort();
}
