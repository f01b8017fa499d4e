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

/**
 * Names of the variables used without declaration in terms and a body, not counting
 * nested comprehensions: a comprehension naming one of them reads the enclosing variable.
 */
export function topLevelNames(terms: Term[], body: Expr[]): Set<string> {
  const names = new Set<string>();
  const declared = new Set<string>();
  const declare = (term: Term | null): void => {
    if (term?.type === 'var') declared.add(term.name);
    if (term?.type === 'array') term.items.forEach(declare);
    if (term?.type === 'object') term.entries.forEach(([, v]) => declare(v));
  };
  const visit = (term: Term | null): void => {
    if (term === null) return;
    switch (term.type) {
      case 'var':
        names.add(term.name);
        return;
      case 'ref':
        visit(term.head);
        term.path.forEach(visit);
        return;
      case 'array':
      case 'set':
        term.items.forEach(visit);
        return;
      case 'object':
        term.entries.forEach(([k, v]) => (visit(k), visit(v)));
        return;
      case 'call':
        term.args.forEach(visit);
        return;
      default:
        return;
    }
  };
  terms.forEach(visit);
  for (const expr of body) {
    for (const w of expr.with) visit(w.value);
    switch (expr.kind) {
      case 'term':
        visit(expr.term);
        break;
      case 'unify':
        visit(expr.left);
        visit(expr.right);
        break;
      case 'assign':
        declare(expr.left);
        visit(expr.right);
        break;
      case 'some':
        expr.vars.forEach(declare);
        break;
      case 'somein':
        declare(expr.key);
        declare(expr.value);
        visit(expr.collection);
        break;
      case 'every':
        visit(expr.domain);
        break;
    }
  }
  for (const name of declared) names.delete(name);
  return names;
}
