/** Bodies and expressions: conjunction with backtracking, `not`, `some … in`, `every`. */
import type { Value } from '../value.js';
import { forEachEntry, isCollection } from './collections.js';
import type { EvalState } from './state.js';
import { evalTerm } from './terms.js';
import type { CExpr, CTerm, Cont, Frame } from './types.js';
import { unifyTerms, unifyValue } from './unify.js';
import { evalWith } from './with.js';

export function evalBody(ev: EvalState, body: CExpr[], frame: Frame, k: Cont): boolean {
  return evalFrom(ev, body, 0, frame, k);
}

function evalFrom(ev: EvalState, body: CExpr[], i: number, frame: Frame, k: Cont): boolean {
  if (i === body.length) return k();
  return evalExpr(ev, body[i] as CExpr, frame, () => evalFrom(ev, body, i + 1, frame, k));
}

export function evalExpr(ev: EvalState, expr: CExpr, frame: Frame, k: Cont): boolean {
  ev.tick();
  if (expr.withs.length > 0) return evalWith(ev, expr, frame, k);
  return evalPlain(ev, expr, frame, k);
}

/** The expression without its `with` modifiers: negation applied here. */
export function evalPlain(ev: EvalState, expr: CExpr, frame: Frame, k: Cont): boolean {
  if (!expr.negated) return evalCore(ev, expr, frame, k);
  const found = evalCore(ev, expr, frame, () => true);
  return found ? false : k();
}

function evalCore(ev: EvalState, expr: CExpr, frame: Frame, k: Cont): boolean {
  switch (expr.k) {
    case 'term':
      return evalTerm(ev, expr.term, frame, (value) => value !== false && k());
    case 'unify':
      return unifyTerms(ev, expr.left, expr.right, frame, k);
    case 'somein':
      return evalTerm(ev, expr.coll, frame, (coll) =>
        forEachEntry(coll, (key, value) => {
          ev.tick();
          return bindEntry(ev, expr.key, expr.value, key, value, frame, k);
        }),
      );
    case 'every':
      return evalTerm(ev, expr.domain, frame, (domain) => {
        if (!isCollection(domain)) return false;
        const failed = forEachEntry(domain, (key, value) => {
          ev.tick();
          const holds = bindEntry(ev, expr.key, expr.value, key, value, frame, () =>
            evalBody(ev, expr.body, frame, () => true),
          );
          return !holds;
        });
        return failed ? false : k();
      });
    case 'true':
      return k();
  }
}

function bindEntry(
  ev: EvalState,
  keyTerm: CTerm | null,
  valueTerm: CTerm,
  key: Value,
  value: Value,
  frame: Frame,
  k: Cont,
): boolean {
  if (keyTerm === null) return unifyValue(ev, valueTerm, value, frame, k);
  return unifyValue(ev, keyTerm, key, frame, () => unifyValue(ev, valueTerm, value, frame, k));
}
