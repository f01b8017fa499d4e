/**
 * The hot path: terms that cannot iterate (no variable steps in their references) are
 * evaluated directly to their one value, without continuations or intermediate arrays.
 */
import { RObject, RSet } from '../value.js';
import type { Value } from '../value.js';
import { invoke, invokeBuiltin } from './calls.js';
import { lookup } from './collections.js';
import type { EvalState } from './state.js';
import { evalComprehension } from './terms.js';
import type { CCall, CTerm, Frame } from './types.js';
import { evalDataRef } from './virtual.js';

function computeSingle(term: CTerm): boolean {
  switch (term.t) {
    case 'ref':
      return isSingle(term.head) && term.path.every(isSingleStep);
    case 'dataref':
      return term.path.every(isSingleStep);
    case 'array':
    case 'set':
      return term.items.every(isSingle);
    case 'object':
      return term.entries.every(([k, v]) => isSingle(k) && isSingle(v));
    case 'call':
      return term.output === null && term.args.every(isSingle);
    default:
      return true;
  }
}

/** A variable step may be unbound and then iterates, so it is never single. */
function isSingleStep(step: CTerm): boolean {
  return step.t !== 'var' && step.t !== 'array' && step.t !== 'object' && isSingle(step);
}

export function isSingle(term: CTerm): boolean {
  if (term.t === 'const' || term.t === 'var' || term.t === 'input' || term.t === 'comp') {
    return true;
  }
  term.single ??= computeSingle(term);
  return term.single;
}

function evalAll(ev: EvalState, items: CTerm[], frame: Frame): Value[] | undefined {
  const out: Value[] = new Array<Value>(items.length);
  for (let i = 0; i < items.length; i += 1) {
    const value = evalOne(ev, items[i] as CTerm, frame);
    if (value === undefined) return undefined;
    out[i] = value;
  }
  return out;
}

function first(run: (k: (value: Value) => boolean) => boolean): Value | undefined {
  let out: Value | undefined;
  run((value) => {
    out = value;
    return true;
  });
  return out;
}

function callOne(ev: EvalState, call: CCall, frame: Frame): Value | undefined {
  const args = evalAll(ev, call.args, frame);
  if (args === undefined) return undefined;
  const fn = call.fn;
  if (fn.kind === 'builtin' && ev.fnOverrides === null) {
    return invokeBuiltin(ev, fn.builtin, args, call.loc);
  }
  return first((k) => invoke(ev, fn, args, call.loc, k));
}

/** The one value of a single term (see `isSingle`), or undefined. */
export function evalOne(ev: EvalState, term: CTerm, frame: Frame): Value | undefined {
  switch (term.t) {
    case 'const':
      return term.v;
    case 'var':
      return frame[term.slot];
    case 'input':
      return ev.input;
    case 'ref': {
      let value = evalOne(ev, term.head, frame);
      for (let i = 0; i < term.path.length && value !== undefined; i += 1) {
        const key = evalOne(ev, term.path[i] as CTerm, frame);
        value = key === undefined ? undefined : lookup(value, key);
      }
      return value;
    }
    case 'dataref':
      return first((k) => evalDataRef(ev, term, frame, k));
    case 'array':
      return evalAll(ev, term.items, frame);
    case 'set': {
      const items = evalAll(ev, term.items, frame);
      return items === undefined ? undefined : RSet.of(items);
    }
    case 'object':
      return objectOne(ev, term.entries, frame);
    case 'comp':
      return evalComprehension(ev, term, frame);
    case 'call':
      return callOne(ev, term, frame);
  }
}

function objectOne(ev: EvalState, entries: Array<[CTerm, CTerm]>, frame: Frame): Value | undefined {
  const object = new RObject();
  for (const [keyTerm, valueTerm] of entries) {
    const key = evalOne(ev, keyTerm, frame);
    const value = key === undefined ? undefined : evalOne(ev, valueTerm, frame);
    if (key === undefined || value === undefined) return undefined;
    object.set(key, value);
  }
  return object;
}
