/**
 * The `data` document: base data merged with the virtual documents rules define. A rule's
 * value is computed once per evaluation (and once per `with` scope) and cached.
 */
import { RegoError } from '../errors.js';
import { RObject, RSet, equals, keyOf } from '../value.js';
import type { Value } from '../value.js';
import { forEachEntry, lookup, lookupData, pathKey, setAtPath } from './collections.js';
import { evalBody } from './exprs.js';
import { evalComplete, evalSets } from './rules.js';
import { UNDEFINED_MARK } from './state.js';
import type { EvalState } from './state.js';
import { evalItems, evalTerm, walk } from './terms.js';
import { nodeHasRules } from './types.js';
import type { CDataRef, CRule, CTerm, Frame, RuleNode, ValueCont } from './types.js';
import { isPattern, unifyValue } from './unify.js';

export function evalDataRef(ev: EvalState, ref: CDataRef, frame: Frame, k: ValueCont): boolean {
  if (ev.dataOverrides === null) {
    // The fast path: a ground prefix naming a rule goes straight to its cached value.
    if (ref.target === undefined) ref.target = ruleTarget(ev.root, ref.path);
    if (ref.target !== null) {
      const value = nodeValue(ev, ref.target.node);
      return value === undefined ? false : walk(ev, value, ref.path, ref.target.index, frame, k);
    }
  }
  return descend(ev, ev.root, ref.path, 0, ev.data, frame, k);
}

/** The node with rules that the ground steps of a path reach, or null. */
function ruleTarget(root: RuleNode, path: CTerm[]): { node: RuleNode; index: number } | null {
  let node = root;
  for (let i = 0; i < path.length; i += 1) {
    const step = path[i] as CTerm;
    if (step.t !== 'const') return null;
    const child = node.children.get(keyOf(step.v));
    if (child === undefined) return null;
    node = child;
    if (nodeHasRules(node)) return { node, index: i + 1 };
  }
  return null;
}

function descend(
  ev: EvalState,
  node: RuleNode,
  path: CTerm[],
  i: number,
  base: Value | undefined,
  frame: Frame,
  k: ValueCont,
): boolean {
  const override = ev.dataOverrides?.get(pathKey(node.path));
  if (override !== undefined) return walk(ev, override.value, path, i, frame, k);
  if (nodeHasRules(node) || i === path.length) {
    const value = nodeValue(ev, node);
    return value === undefined ? false : walk(ev, value, path, i, frame, k);
  }
  if (node.functions.length > 0) return false;
  const step = path[i] as CTerm;
  const enter = (key: Value): boolean => {
    const child = node.children.get(keyOf(key));
    const sub = base === undefined ? undefined : lookupData(base, key);
    if (child !== undefined) return descend(ev, child, path, i + 1, sub, frame, k);
    return sub === undefined ? false : walk(ev, sub, path, i + 1, frame, k, true);
  };
  if (!isPattern(step, frame)) return evalTerm(ev, step, frame, enter);
  for (const child of node.children.values()) {
    if (unifyValue(ev, step, child.key, frame, () => enter(child.key))) return true;
  }
  if (base === undefined) return false;
  return forEachEntry(base, (key) => {
    if (node.children.has(keyOf(key))) return false;
    ev.tick();
    return unifyValue(ev, step, key, frame, () => enter(key));
  });
}

/** The value of a node of the tree, or undefined; cached for the evaluation. */
export function nodeValue(ev: EvalState, node: RuleNode): Value | undefined {
  const cached = ev.ruleCache.get(node.id);
  if (cached !== undefined) return cached === UNDEFINED_MARK ? undefined : cached;
  if (ev.inProgress.has(node)) throw recursionError(node);
  ev.inProgress.add(node);
  let value: Value | undefined;
  try {
    value = patchOverrides(ev, node, computeNode(ev, node));
  } finally {
    ev.inProgress.delete(node);
  }
  ev.ruleCache.set(node.id, value ?? UNDEFINED_MARK);
  return value;
}

export function recursionError(node: RuleNode): RegoError {
  return new RegoError(
    'rego_recursion_error',
    `${node.pathText} is recursive: Rego rules and functions must not depend on themselves`,
    (node.complete[0] ?? node.general[0] ?? node.sets[0] ?? node.functions[0])?.loc,
  );
}

function computeNode(ev: EvalState, node: RuleNode): Value | undefined {
  const override = ev.dataOverrides?.get(pathKey(node.path));
  if (override !== undefined) return override.value;
  if (node.complete.length > 0 || node.defaults.length > 0) return evalComplete(ev, node);
  if (node.sets.length > 0 && node.general.length === 0) return evalSets(ev, node.sets);
  if (node.functions.length > 0 && node.children.size === 0) return undefined;
  const base = baseAt(ev.data, node.path);
  if (base !== undefined && !(base instanceof RObject) && node.children.size === 0) {
    if (node.general.length === 0) return base;
  }
  const object = new RObject();
  for (const child of node.children.values()) {
    const value = nodeValue(ev, child);
    if (value !== undefined) object.set(child.key, value);
  }
  // Inner nodes already hold their base data; where a rule and base data define the same
  // key, OPA's merged document shows the base.
  if (base instanceof RObject) {
    for (const [k, v] of base.pairs()) {
      const child = node.children.get(keyOf(k));
      if (child === undefined || nodeHasRules(child)) object.set(k, v);
    }
  }
  const owned = new WeakSet<object>([object]);
  for (const rule of node.general) addGeneral(ev, rule, object, owned);
  return object;
}

function baseAt(data: Value, path: Value[]): Value | undefined {
  let value: Value | undefined = data;
  for (const step of path) {
    if (value === undefined) return undefined;
    value = lookup(value, step);
  }
  return value;
}

/** Applies `with data.…` replacements that lie strictly below a computed node. */
function patchOverrides(
  ev: EvalState,
  node: RuleNode,
  value: Value | undefined,
): Value | undefined {
  if (ev.dataOverrides === null || value === undefined || !nodeHasRules(node)) return value;
  let patched = value;
  for (const { path, value: replacement } of ev.dataOverrides.values()) {
    if (path.length <= node.path.length) continue;
    if (!node.path.every((step, j) => equals(step, path[j] as Value))) continue;
    patched = setAtPath(patched, path.slice(node.path.length), replacement);
  }
  return patched;
}

/** Adds what a rule with variable ref steps defines (`p[x] := v`, `a[x].b contains y`). */
function addGeneral(ev: EvalState, rule: CRule, object: RObject, owned: WeakSet<object>): void {
  const frame: Frame = new Array<Value | undefined>(rule.slots);
  const leaf = rule.kind === 'partialset' ? (rule.key as CTerm) : rule.value;
  evalBody(ev, rule.body, frame, () =>
    evalItems(ev, rule.rest, 0, [], frame, (keys) =>
      evalTerm(ev, leaf, frame, (value) => {
        insert(object, keys, value, rule, owned);
        return false;
      }),
    ),
  );
}

function keyConflict(rule: CRule): RegoError {
  return new RegoError('eval_conflict_error', 'object keys must be unique', rule.loc);
}

function insert(
  object: RObject,
  keys: Value[],
  value: Value,
  rule: CRule,
  owned: WeakSet<object>,
): void {
  let current = object;
  for (let j = 0; j < keys.length - 1; j += 1) {
    const key = keys[j] as Value;
    const next = current.get(key);
    if (next !== undefined && !(next instanceof RObject)) throw keyConflict(rule);
    let child = next;
    if (child === undefined || !owned.has(child)) {
      child = RObject.fromEntries(child === undefined ? [] : child.pairs());
      owned.add(child);
      current.set(key, child);
    }
    current = child;
  }
  const last = keys[keys.length - 1] as Value;
  const existing = current.get(last);
  if (rule.kind === 'partialset') {
    if (existing !== undefined && !(existing instanceof RSet)) throw keyConflict(rule);
    let set = existing;
    if (set === undefined || !owned.has(set)) {
      set = RSet.of(set === undefined ? [] : set.values());
      owned.add(set);
    }
    set.add(value);
    current.set(last, set);
    return;
  }
  if (existing !== undefined && !equals(existing, value)) throw keyConflict(rule);
  current.set(last, value);
}
