/** Unification: `a = b` binds the unbound variables of either side so both are equal. */
import { RObject, equals } from '../value.js';
import type { Value } from '../value.js';
import type { EvalState } from './state.js';
import { evalTerm } from './terms.js';
import type { CTerm, Cont, Frame } from './types.js';

/** True when the term still has unbound variables outside references: a pattern. */
export function isPattern(term: CTerm, frame: Frame): boolean {
  switch (term.t) {
    case 'var':
      return frame[term.slot] === undefined;
    case 'array':
      return term.items.some((item) => isPattern(item, frame));
    case 'object':
      return term.entries.some(([, v]) => isPattern(v, frame));
    default:
      return false;
  }
}

export function unifyTerms(ev: EvalState, a: CTerm, b: CTerm, frame: Frame, k: Cont): boolean {
  if (a.t === 'array' && b.t === 'array') {
    if (a.items.length !== b.items.length) return false;
    return unifyPairs(ev, a.items, b.items, 0, frame, k);
  }
  const aPattern = isPattern(a, frame);
  if (!aPattern) return evalTerm(ev, a, frame, (v) => unifyValue(ev, b, v, frame, k));
  if (!isPattern(b, frame)) return evalTerm(ev, b, frame, (v) => unifyValue(ev, a, v, frame, k));
  if (a.t === 'object' && b.t === 'object') return unifyObjectTerms(ev, a, b, frame, k);
  return false;
}

function unifyPairs(
  ev: EvalState,
  left: CTerm[],
  right: CTerm[],
  i: number,
  frame: Frame,
  k: Cont,
): boolean {
  if (i === left.length) return k();
  return unifyTerms(ev, left[i] as CTerm, right[i] as CTerm, frame, () =>
    unifyPairs(ev, left, right, i + 1, frame, k),
  );
}

/** Two object patterns: keys are ground, values unify pairwise. */
function unifyObjectTerms(
  ev: EvalState,
  a: Extract<CTerm, { t: 'object' }>,
  b: Extract<CTerm, { t: 'object' }>,
  frame: Frame,
  k: Cont,
): boolean {
  if (a.entries.length !== b.entries.length) return false;
  const left: CTerm[] = [];
  const right: CTerm[] = [];
  for (const [ka, va] of a.entries) {
    if (ka.t !== 'const') return false;
    const match = b.entries.find(([kb]) => kb.t === 'const' && equals(kb.v, ka.v));
    if (!match) return false;
    left.push(va);
    right.push(match[1]);
  }
  return unifyPairs(ev, left, right, 0, frame, k);
}

/** Unifies a term with a known value. */
export function unifyValue(
  ev: EvalState,
  term: CTerm,
  value: Value,
  frame: Frame,
  k: Cont,
): boolean {
  switch (term.t) {
    case 'const':
      return equals(term.v, value) && k();
    case 'var': {
      const bound = frame[term.slot];
      if (bound !== undefined) return equals(bound, value) && k();
      frame[term.slot] = value;
      const stop = k();
      frame[term.slot] = undefined;
      return stop;
    }
    case 'array':
      if (!Array.isArray(value) || value.length !== term.items.length) return false;
      return unifyItems(ev, term.items, value, 0, frame, k);
    case 'object':
      if (!(value instanceof RObject) || value.size !== term.entries.length) return false;
      return unifyEntries(ev, term.entries, value, 0, frame, k);
    default:
      return evalTerm(ev, term, frame, (v) => equals(v, value) && k());
  }
}

function unifyItems(
  ev: EvalState,
  items: CTerm[],
  values: Value[],
  i: number,
  frame: Frame,
  k: Cont,
): boolean {
  if (i === items.length) return k();
  return unifyValue(ev, items[i] as CTerm, values[i] as Value, frame, () =>
    unifyItems(ev, items, values, i + 1, frame, k),
  );
}

function unifyEntries(
  ev: EvalState,
  entries: Array<[CTerm, CTerm]>,
  object: RObject,
  i: number,
  frame: Frame,
  k: Cont,
): boolean {
  if (i === entries.length) return k();
  const [keyTerm, valueTerm] = entries[i] as [CTerm, CTerm];
  return evalTerm(ev, keyTerm, frame, (key) => {
    const value = object.get(key);
    if (value === undefined) return false;
    return unifyValue(ev, valueTerm, value, frame, () =>
      unifyEntries(ev, entries, object, i + 1, frame, k),
    );
  });
}

/** Unifies terms with values one after the other: function parameters with arguments. */
export function unifyAll(
  ev: EvalState,
  terms: CTerm[],
  values: Value[],
  frame: Frame,
  k: Cont,
): boolean {
  return unifyItems(ev, terms, values, 0, frame, k);
}
