/** Calls to builtins and user functions, with `with f as g` replacements applied. */
import type { Location } from '../ast.js';
import type { Builtin } from '../builtins/registry.js';
import { BuiltinError, RegoError } from '../errors.js';
import type { Value } from '../value.js';
import { callFunction } from './rules.js';
import type { EvalState } from './state.js';
import { evalItems } from './terms.js';
import type { CCall, FnTarget, Frame, ValueCont } from './types.js';
import { unifyValue } from './unify.js';

export function evalCall(ev: EvalState, call: CCall, frame: Frame, k: ValueCont): boolean {
  return evalItems(ev, call.args, 0, [], frame, (args) => {
    const output = call.output;
    if (output === null) return invoke(ev, call.fn, args, call.loc, k);
    return invoke(ev, call.fn, args, call.loc, (result) =>
      unifyValue(ev, output, result, frame, () => k(true)),
    );
  });
}

/** Calls a function by target with evaluated arguments. */
export function invoke(
  ev: EvalState,
  fn: FnTarget,
  args: Value[],
  loc: Location,
  k: ValueCont,
): boolean {
  const overrides = ev.fnOverrides;
  const override = overrides?.get(fn.key);
  if (override === undefined) return callTarget(ev, fn, args, loc, k);
  if ('value' in override) return k(override.value);
  // A replacement sees the original functions: a mock may call what it replaces, and
  // never calls another mock. Its own caches keep those values from the mocked scope.
  const { ruleCache, fnCache } = ev;
  ev.fnOverrides = null;
  ev.ruleCache = new Map();
  ev.fnCache = new Map();
  let result: Value | undefined;
  try {
    callTarget(ev, override.fn, args, loc, (value) => {
      result = value;
      return true;
    });
  } finally {
    ev.fnOverrides = overrides;
    ev.ruleCache = ruleCache;
    ev.fnCache = fnCache;
  }
  return result === undefined ? false : k(result);
}

function callTarget(
  ev: EvalState,
  fn: FnTarget,
  args: Value[],
  loc: Location,
  k: ValueCont,
): boolean {
  if (fn.kind === 'user') return callFunction(ev, fn.node, args, k);
  return callBuiltin(ev, fn.builtin, args, loc, k);
}

function callBuiltin(
  ev: EvalState,
  builtin: Builtin,
  args: Value[],
  loc: Location,
  k: ValueCont,
): boolean {
  const result = invokeBuiltin(ev, builtin, args, loc);
  return result === undefined ? false : k(result);
}

/** A builtin's result; its error makes it undefined, or aborts in strict mode. */
export function invokeBuiltin(
  ev: EvalState,
  builtin: Builtin,
  args: Value[],
  loc: Location,
): Value | undefined {
  ev.tick();
  try {
    return builtin.impl(args, ev.builtinContext);
  } catch (error) {
    if (!(error instanceof BuiltinError)) throw error;
    if (ev.strict) throw new RegoError(error.kind, error.message, loc);
    return undefined;
  }
}
