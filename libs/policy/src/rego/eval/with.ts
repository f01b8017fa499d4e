/**
 * `with` modifiers: an expression is evaluated with input, parts of data or functions
 * replaced, and fresh rule caches; the rest of the body sees the original state again.
 */
import type { Value } from '../value.js';
import { pathKey, setAtPath } from './collections.js';
import { evalPlain } from './exprs.js';
import type { EvalState, FnOverride } from './state.js';
import { evalTerm } from './terms.js';
import type { CExpr, CWith, Cont, Frame } from './types.js';

type Snapshot = Pick<
  EvalState,
  'input' | 'data' | 'dataOverrides' | 'fnOverrides' | 'ruleCache' | 'fnCache'
>;

function snapshot(ev: EvalState): Snapshot {
  const { input, data, dataOverrides, fnOverrides, ruleCache, fnCache } = ev;
  return { input, data, dataOverrides, fnOverrides, ruleCache, fnCache };
}

function restore(ev: EvalState, saved: Snapshot): void {
  ev.input = saved.input;
  ev.data = saved.data;
  ev.dataOverrides = saved.dataOverrides;
  ev.fnOverrides = saved.fnOverrides;
  ev.ruleCache = saved.ruleCache;
  ev.fnCache = saved.fnCache;
}

/** The replacement values, evaluated before any modifier applies; undefined fails. */
function withValues(ev: EvalState, withs: CWith[], frame: Frame): Value[] | undefined {
  const values: Value[] = [];
  for (const w of withs) {
    if (w.fn !== null) {
      values.push(null);
      continue;
    }
    let value: Value | undefined;
    evalTerm(ev, w.value, frame, (v) => {
      value = v;
      return true;
    });
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

function apply(ev: EvalState, w: CWith, value: Value): void {
  const target = w.target;
  if (target.kind === 'input') {
    ev.input = setAtPath(ev.input, target.path, value);
  } else if (target.kind === 'data') {
    ev.data = setAtPath(ev.data, target.path, value);
    const overrides = new Map(ev.dataOverrides ?? []);
    overrides.set(pathKey(target.path), { path: target.path, value });
    ev.dataOverrides = overrides;
  } else {
    const replacement: FnOverride = w.fn !== null ? { fn: w.fn } : { value };
    ev.fnOverrides = new Map(ev.fnOverrides ?? []).set(target.key, replacement);
  }
}

export function evalWith(ev: EvalState, expr: CExpr, frame: Frame, k: Cont): boolean {
  const values = withValues(ev, expr.withs, frame);
  if (values === undefined) return false;
  const saved = snapshot(ev);
  ev.ruleCache = new Map();
  ev.fnCache = new Map();
  expr.withs.forEach((w, i) => apply(ev, w, values[i] as Value));
  const modified = snapshot(ev);
  try {
    return evalPlain(ev, expr, frame, () => {
      restore(ev, saved);
      try {
        return k();
      } finally {
        restore(ev, modified);
      }
    });
  } finally {
    restore(ev, saved);
  }
}
