/**
 * Term evaluation. A term may have several values (`xs[i]` with `i` unbound iterates), so
 * each value is handed to a continuation, binding the reference's variables meanwhile.
 */
import { RegoError } from '../errors.js';
import { RObject, RSet, equals } from '../value.js';
import type { Value } from '../value.js';
import { evalCall } from './calls.js';
import { forEachEntry, lookup, lookupData } from './collections.js';
import { evalBody } from './exprs.js';
import { evalOne, isSingle } from './single.js';
import type { EvalState } from './state.js';
import type { CComprehension, CTerm, Frame, ValueCont } from './types.js';
import { isPattern, unifyValue } from './unify.js';
import { evalDataRef } from './virtual.js';

export function evalTerm(ev: EvalState, term: CTerm, frame: Frame, k: ValueCont): boolean {
  if (term.t !== 'const' && term.t !== 'var' && isSingle(term)) {
    const value = evalOne(ev, term, frame);
    return value === undefined ? false : k(value);
  }
  switch (term.t) {
    case 'const':
      return k(term.v);
    case 'var': {
      const value = frame[term.slot];
      return value === undefined ? false : k(value);
    }
    case 'input':
      return ev.input === undefined ? false : k(ev.input);
    case 'ref':
      return evalTerm(ev, term.head, frame, (head) => walk(ev, head, term.path, 0, frame, k));
    case 'dataref':
      return evalDataRef(ev, term, frame, k);
    case 'array':
      return evalItems(ev, term.items, 0, [], frame, (items) => k(items));
    case 'set':
      return evalItems(ev, term.items, 0, [], frame, (items) => k(RSet.of(items)));
    case 'object':
      return evalEntries(ev, term.entries, 0, [], frame, (pairs) => k(RObject.fromEntries(pairs)));
    case 'comp':
      return k(evalComprehension(ev, term, frame));
    case 'call':
      return evalCall(ev, term, frame, k);
  }
}

/** Follows the steps of a reference from `value`, iterating at unbound variable steps. */
export function walk(
  ev: EvalState,
  value: Value,
  path: CTerm[],
  i: number,
  frame: Frame,
  k: ValueCont,
  baseData = false,
): boolean {
  if (i === path.length) return k(value);
  const step = path[i] as CTerm;
  const find = baseData ? lookupData : lookup;
  if (step.t === 'const') {
    const child = find(value, step.v);
    return child === undefined ? false : walk(ev, child, path, i + 1, frame, k, baseData);
  }
  if (step.t === 'var' && frame[step.slot] === undefined) {
    const slot = step.slot;
    return forEachEntry(value, (key, child) => {
      ev.tick();
      frame[slot] = key;
      const stop = walk(ev, child, path, i + 1, frame, k, baseData);
      frame[slot] = undefined;
      return stop;
    });
  }
  if (isPattern(step, frame)) {
    return forEachEntry(value, (key, child) =>
      unifyValue(ev, step, key, frame, () => walk(ev, child, path, i + 1, frame, k, baseData)),
    );
  }
  return evalTerm(ev, step, frame, (key) => {
    const child = find(value, key);
    return child === undefined ? false : walk(ev, child, path, i + 1, frame, k, baseData);
  });
}

export function evalItems(
  ev: EvalState,
  items: CTerm[],
  i: number,
  done: Value[],
  frame: Frame,
  k: (values: Value[]) => boolean,
): boolean {
  if (i === items.length) return k(done.slice());
  return evalTerm(ev, items[i] as CTerm, frame, (value) => {
    done.push(value);
    const stop = evalItems(ev, items, i + 1, done, frame, k);
    done.pop();
    return stop;
  });
}

function evalEntries(
  ev: EvalState,
  entries: Array<[CTerm, CTerm]>,
  i: number,
  done: Array<[Value, Value]>,
  frame: Frame,
  k: (pairs: Array<[Value, Value]>) => boolean,
): boolean {
  if (i === entries.length) return k(done.slice());
  const [keyTerm, valueTerm] = entries[i] as [CTerm, CTerm];
  return evalTerm(ev, keyTerm, frame, (key) =>
    evalTerm(ev, valueTerm, frame, (value) => {
      done.push([key, value]);
      const stop = evalEntries(ev, entries, i + 1, done, frame, k);
      done.pop();
      return stop;
    }),
  );
}

export function evalComprehension(ev: EvalState, comp: CComprehension, frame: Frame): Value {
  if (comp.kind === 'object') return evalObjectComprehension(ev, comp, frame);
  const items: Value[] = [];
  evalBody(ev, comp.body, frame, () =>
    evalTerm(ev, comp.head, frame, (value) => {
      items.push(value);
      return false;
    }),
  );
  return comp.kind === 'array' ? items : RSet.of(items);
}

function evalObjectComprehension(ev: EvalState, comp: CComprehension, frame: Frame): Value {
  const object = new RObject();
  const valueTerm = comp.value as CTerm;
  evalBody(ev, comp.body, frame, () =>
    evalTerm(ev, comp.head, frame, (key) =>
      evalTerm(ev, valueTerm, frame, (value) => {
        const existing = object.get(key);
        if (existing !== undefined && !equals(existing, value)) {
          throw new RegoError('eval_conflict_error', 'object keys must be unique', comp.loc);
        }
        object.set(key, value);
        return false;
      }),
    ),
  );
  return object;
}
