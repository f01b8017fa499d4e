/** Rule evaluation: complete rules with `else` and defaults, partial sets, functions. */
import { RegoError } from '../errors.js';
import { RSet, equals, keyOf } from '../value.js';
import type { Value } from '../value.js';
import { evalBody } from './exprs.js';
import { UNDEFINED_MARK } from './state.js';
import type { EvalState } from './state.js';
import { evalTerm } from './terms.js';
import type { CExpr, CRule, CTerm, Frame, RuleNode, ValueCont } from './types.js';
import { unifyAll } from './unify.js';
import { recursionError } from './virtual.js';

export function ruleConflict(rule: CRule): RegoError {
  return new RegoError(
    'eval_conflict_error',
    `complete rules must not produce multiple outputs: rule ${rule.pathText} produced ` +
      'conflicting values',
    rule.loc,
  );
}

function functionConflict(rule: CRule): RegoError {
  return new RegoError(
    'eval_conflict_error',
    `functions must not produce multiple outputs for same inputs: function ${rule.pathText} ` +
      'produced conflicting values for the same inputs',
    rule.loc,
  );
}

/** The single value one body produces, or undefined; two different values conflict. */
function evalBranch(
  ev: EvalState,
  body: CExpr[],
  valueTerm: CTerm,
  frame: Frame,
  onConflict: () => RegoError,
): Value | undefined {
  let out: Value | undefined;
  const oneIsEnough = valueTerm.t === 'const';
  evalBody(ev, body, frame, () =>
    evalTerm(ev, valueTerm, frame, (value) => {
      if (out === undefined) {
        out = value;
        return oneIsEnough;
      }
      if (!equals(out, value)) throw onConflict();
      return false;
    }),
  );
  return out;
}

/** A rule's value from its body, else from the first `else` branch that succeeds. */
function evalRuleValue(
  ev: EvalState,
  rule: CRule,
  bindArgs: (frame: Frame, k: () => boolean) => boolean,
  onConflict: () => RegoError,
): Value | undefined {
  const branches = [{ body: rule.body, value: rule.value }, ...rule.elses];
  for (const branch of branches) {
    const frame: Frame = new Array<Value | undefined>(rule.slots);
    let out: Value | undefined;
    bindArgs(frame, () => {
      out = evalBranch(ev, branch.body, branch.value, frame, onConflict);
      return out !== undefined;
    });
    if (out !== undefined) return out;
  }
  return undefined;
}

const noArgs = (_frame: Frame, k: () => boolean): boolean => k();

export function evalComplete(ev: EvalState, node: RuleNode): Value | undefined {
  let result: Value | undefined;
  for (const rule of node.complete) {
    const value = evalRuleValue(ev, rule, noArgs, () => ruleConflict(rule));
    if (value === undefined) continue;
    if (result === undefined) result = value;
    else if (!equals(result, value)) throw ruleConflict(rule);
  }
  if (result !== undefined) return result;
  for (const rule of node.defaults) {
    result = evalRuleValue(ev, rule, noArgs, () => ruleConflict(rule));
    if (result !== undefined) return result;
  }
  return undefined;
}

export function evalSets(ev: EvalState, rules: CRule[]): RSet {
  const set = new RSet();
  for (const rule of rules) {
    const frame: Frame = new Array<Value | undefined>(rule.slots);
    const key = rule.key as CTerm;
    evalBody(ev, rule.body, frame, () =>
      evalTerm(ev, key, frame, (member) => {
        set.add(member);
        return false;
      }),
    );
  }
  return set;
}

/**
 * Calls a user function: every definition of matching arity, conflicts reported. Results
 * are memoised per evaluation, except for array arguments: their key costs a pass over
 * the array on every call, which a loop could multiply past what the step budget sees.
 */
export function callFunction(ev: EvalState, node: RuleNode, args: Value[], k: ValueCont): boolean {
  const cacheKey = args.some(Array.isArray) ? undefined : `${node.id}:${keyOf(args)}`;
  let result = cacheKey === undefined ? undefined : ev.fnCache.get(cacheKey);
  if (result === undefined) {
    result = computeGuarded(ev, node, args) ?? UNDEFINED_MARK;
    if (cacheKey !== undefined) ev.fnCache.set(cacheKey, result);
  }
  return result === UNDEFINED_MARK ? false : k(result);
}

function computeGuarded(ev: EvalState, node: RuleNode, args: Value[]): Value | undefined {
  if (ev.inProgress.has(node)) throw recursionError(node);
  ev.inProgress.add(node);
  try {
    return computeFunction(ev, node, args);
  } finally {
    ev.inProgress.delete(node);
  }
}

function computeFunction(ev: EvalState, node: RuleNode, args: Value[]): Value | undefined {
  let result: Value | undefined;
  let defaultValue: Value | undefined;
  for (const rule of node.functions) {
    if (rule.args.length !== args.length) continue;
    const bind = (frame: Frame, k: () => boolean): boolean =>
      unifyAll(ev, rule.args, args, frame, k);
    const value = evalRuleValue(ev, rule, bind, () => functionConflict(rule));
    if (value === undefined) continue;
    if (rule.isDefault) {
      defaultValue ??= value;
      continue;
    }
    if (result === undefined) result = value;
    else if (!equals(result, value)) throw functionConflict(rule);
  }
  return result ?? defaultValue;
}
