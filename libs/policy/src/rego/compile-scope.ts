/**
 * Variable scopes. A rule's variables are slots of one frame; a comprehension or `every`
 * body is a child scope that shares the frame, and reads an enclosing variable when the
 * name is declared there or also used in the enclosing body.
 */
import type { Expr, Term } from './ast.js';
import { RegoError } from './errors.js';
import type { Location } from './ast.js';

export class SlotAllocator {
  readonly names: string[] = [];

  next(name: string): number {
    this.names.push(name);
    return this.names.length - 1;
  }
}

export class Scope {
  readonly declared = new Map<string, number>();
  readonly implicit = new Map<string, number>();
  /** Slots of enclosing scopes read in this scope or its children. */
  readonly outer = new Set<number>();

  constructor(
    readonly alloc: SlotAllocator,
    readonly parent: Scope | null,
    readonly topNames: Set<string>,
  ) {}

  /** A variable declared with `:=`, `some` or as a parameter, in this scope or above. */
  findDeclared(name: string): number | undefined {
    return this.find(name, (scope) => scope.declared.get(name));
  }

  /** A variable used without declaration: shared with the outermost body naming it. */
  implicitSlot(name: string): number {
    const found = this.find(name, (scope) => scope.implicit.get(name));
    if (found !== undefined) return found;
    const owner = [...ancestors(this.parent)].reverse().find((s) => s.topNames.has(name)) ?? this;
    const slot = this.alloc.next(name);
    owner.implicit.set(name, slot);
    if (owner !== this) this.markOuter(owner, slot);
    return slot;
  }

  declare(name: string, loc: Location): number {
    if (this.declared.has(name) || this.implicit.has(name)) {
      throw new RegoError('rego_compile_error', `var ${name} assigned above`, loc);
    }
    const slot = this.alloc.next(name);
    this.declared.set(name, slot);
    return slot;
  }

  private find(name: string, get: (scope: Scope) => number | undefined): number | undefined {
    for (const s of ancestors(this)) {
      const slot = get(s);
      if (slot === undefined) continue;
      if (s !== this) this.markOuter(s, slot);
      return slot;
    }
    return undefined;
  }

  private markOuter(owner: Scope, slot: number): void {
    for (const s of ancestors(this)) {
      if (s === owner) return;
      s.outer.add(slot);
    }
  }
}

/** The scope and its enclosing scopes, innermost first. */
function* ancestors(scope: Scope | null): Generator<Scope> {
  for (let s = scope; s !== null; s = s.parent) yield s;
}

/** Adds the variable names of a term, not looking into comprehensions. */
function addNames(term: Term | null, names: Set<string>): void {
  if (term === null) return;
  switch (term.type) {
    case 'var':
      names.add(term.name);
      return;
    case 'ref':
      addNames(term.head, names);
      for (const step of term.path) addNames(step, names);
      return;
    case 'array':
    case 'set':
      for (const item of term.items) addNames(item, names);
      return;
    case 'object':
      for (const [k, v] of term.entries) {
        addNames(k, names);
        addNames(v, names);
      }
      return;
    case 'call':
      for (const arg of term.args) addNames(arg, names);
      return;
    default:
      return;
  }
}

/** Names an expression reads or unifies, and names it declares (`:=`, `some`). */
function exprNames(expr: Expr, used: Set<string>, declared: Set<string>): void {
  for (const w of expr.with) addNames(w.value, used);
  switch (expr.kind) {
    case 'term':
      addNames(expr.term, used);
      return;
    case 'unify':
      addNames(expr.left, used);
      addNames(expr.right, used);
      return;
    case 'assign':
      addNames(expr.left, declared);
      addNames(expr.right, used);
      return;
    case 'some':
      for (const v of expr.vars) declared.add(v.name);
      return;
    case 'somein':
      addNames(expr.key, declared);
      addNames(expr.value, declared);
      addNames(expr.collection, used);
      return;
    case 'every':
      addNames(expr.domain, used);
      return;
  }
}

/**
 * Names of the variables used without declaration in terms and a body, not counting
 * nested comprehensions: a comprehension naming one of them reads the enclosing variable.
 */
export function topLevelNames(terms: Term[], body: Expr[]): Set<string> {
  const names = new Set<string>();
  const declared = new Set<string>();
  for (const term of terms) addNames(term, names);
  for (const expr of body) exprNames(expr, names, declared);
  for (const name of declared) names.delete(name);
  return names;
}
