/**
 * Safety: every variable must be bound before it is read. As OPA does, an expression whose
 * inputs are not bound yet is moved after the expressions that bind them; a variable that
 * nothing binds is a compile error (`var x is unsafe`).
 */
import type { Location } from './ast.js';
import type { SlotAllocator } from './compile-scope.js';
import { RegoError } from './errors.js';
import type { CExpr, CTerm } from './eval/types.js';

interface VarUse {
  needs: Set<number>;
  outs: Set<number>;
}

function collect(term: CTerm, pattern: boolean, use: VarUse): void {
  switch (term.t) {
    case 'var':
      (pattern ? use.outs : use.needs).add(term.slot);
      return;
    case 'ref':
      collect(term.head, false, use);
      for (const step of term.path) collectStep(step, use);
      return;
    case 'dataref':
      for (const step of term.path) collectStep(step, use);
      return;
    case 'array':
      for (const item of term.items) collect(item, pattern, use);
      return;
    case 'set':
      for (const item of term.items) collect(item, false, use);
      return;
    case 'object':
      for (const [k, v] of term.entries) {
        collect(k, false, use);
        collect(v, pattern, use);
      }
      return;
    case 'comp':
      for (const slot of term.outer) use.needs.add(slot);
      return;
    case 'call':
      for (const arg of term.args) collect(arg, false, use);
      if (term.output !== null) collect(term.output, true, use);
      return;
    default:
      return;
  }
}

/** A variable (or pattern) step of a reference is bound by iterating the collection. */
function collectStep(step: CTerm, use: VarUse): void {
  collect(step, step.t === 'var' || step.t === 'array' || step.t === 'object', use);
}

function usesOf(expr: CExpr, alloc: SlotAllocator): VarUse {
  const use: VarUse = { needs: new Set(), outs: new Set() };
  switch (expr.k) {
    case 'term':
      collect(expr.term, false, use);
      break;
    case 'unify':
      collect(expr.left, true, use);
      collect(expr.right, true, use);
      break;
    case 'somein':
      collect(expr.coll, false, use);
      if (expr.key !== null) collect(expr.key, true, use);
      collect(expr.value, true, use);
      break;
    case 'every':
      collect(expr.domain, false, use);
      for (const slot of expr.outer) use.needs.add(slot);
      break;
    case 'true':
      break;
  }
  for (const w of expr.withs) collect(w.value, false, use);
  if (expr.negated) {
    // A negation binds nothing: its variables must be bound before, wildcards apart.
    for (const slot of use.outs) if (!alloc.names[slot]?.startsWith('$')) use.needs.add(slot);
    use.outs.clear();
  }
  return use;
}

function evaluable(term: CTerm, bound: Set<number>): boolean {
  const use: VarUse = { needs: new Set(), outs: new Set() };
  collect(term, false, use);
  return [...use.needs].every((slot) => bound.has(slot));
}

function unifyReady(a: CTerm, b: CTerm, bound: Set<number>): boolean {
  if (evaluable(a, bound) || evaluable(b, bound)) return true;
  if (a.t === 'array' && b.t === 'array' && a.items.length === b.items.length) {
    return a.items.every((item, i) => unifyReady(item, b.items[i] as CTerm, bound));
  }
  return a.t === 'object' && b.t === 'object';
}

function ready(expr: CExpr, use: VarUse, bound: Set<number>): boolean {
  for (const slot of use.needs) if (!bound.has(slot)) return false;
  if (expr.k === 'unify' && !expr.negated) return unifyReady(expr.left, expr.right, bound);
  return true;
}

function unsafeError(alloc: SlotAllocator, slots: Iterable<number>, loc: Location): RegoError {
  const names = [...slots]
    .map((slot) => alloc.names[slot] ?? '?')
    .filter((name) => !name.startsWith('$'));
  const name = names[0] ?? '_';
  return new RegoError('rego_compile_error', `var ${name} is unsafe`, loc);
}

/**
 * Orders a body so each expression runs after the ones binding its inputs, then checks
 * that the head terms only read bound variables. `bound` holds the variables bound
 * before the body runs (function parameters, enclosing variables).
 */
export function reorderBody(
  body: CExpr[],
  bound: Set<number>,
  alloc: SlotAllocator,
  head: CTerm[],
  loc: Location,
): CExpr[] {
  const known = new Set(bound);
  const pending = body.map((expr) => ({ expr, use: usesOf(expr, alloc) }));
  const ordered: CExpr[] = [];
  while (pending.length > 0) {
    const index = pending.findIndex(({ expr, use }) => ready(expr, use, known));
    if (index < 0) {
      const first = pending[0] as { expr: CExpr; use: VarUse };
      const missing = [...first.use.needs, ...first.use.outs].filter((s) => !known.has(s));
      throw unsafeError(alloc, missing, first.expr.loc);
    }
    const [{ expr, use }] = pending.splice(index, 1) as [{ expr: CExpr; use: VarUse }];
    ordered.push(expr);
    for (const slot of use.outs) known.add(slot);
  }
  for (const term of head) {
    const use: VarUse = { needs: new Set(), outs: new Set() };
    collect(term, false, use);
    const missing = [...use.needs].filter((slot) => !known.has(slot));
    if (missing.length > 0) throw unsafeError(alloc, missing, loc);
  }
  return ordered;
}
