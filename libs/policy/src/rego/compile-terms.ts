/**
 * Lowers syntax-tree terms and expressions to the evaluator's form: variables become frame
 * slots, rule names and imports become `data` paths, calls are bound to their function.
 */
import type { Expr, Location, Term, VarTerm, WithModifier } from './ast.js';
import { Scope, topLevelNames } from './compile-scope.js';
import { reorderBody } from './compile-safety.js';
import { resolveFunction } from './compile-functions.js';
import type { ModuleContext } from './compile-functions.js';
import { RegoError } from './errors.js';
import type { CCall, CExpr, CTerm, CWith, CWithTarget } from './eval/types.js';
import { RObject, RSet } from './value.js';
import type { Value } from './value.js';

export function constOf(term: CTerm): Value | undefined {
  return term.t === 'const' ? term.v : undefined;
}

function allConst(terms: CTerm[]): boolean {
  return terms.every((t) => t.t === 'const');
}

export class TermCompiler {
  constructor(
    readonly ctx: ModuleContext,
    public scope: Scope,
  ) {}

  term(term: Term): CTerm {
    switch (term.type) {
      case 'null':
        return { t: 'const', v: null };
      case 'boolean':
      case 'number':
      case 'string':
        return { t: 'const', v: term.value };
      case 'var':
        return this.variable(term);
      case 'ref':
        return this.ref(term);
      case 'array': {
        const items = term.items.map((item) => this.term(item));
        return allConst(items)
          ? { t: 'const', v: items.map(constOf) as Value[] }
          : { t: 'array', items };
      }
      case 'set': {
        const items = term.items.map((item) => this.term(item));
        return allConst(items)
          ? { t: 'const', v: RSet.of(items.map(constOf) as Value[]) }
          : { t: 'set', items };
      }
      case 'object':
        return this.object(term.entries);
      case 'arraycomp':
      case 'setcomp':
        return this.comprehension(
          term.type === 'arraycomp' ? 'array' : 'set',
          term.head,
          null,
          term.body,
          term.loc,
        );
      case 'objectcomp':
        return this.comprehension('object', term.key, term.value, term.body, term.loc);
      case 'call':
        return this.call(term.name, term.args, term.loc);
    }
  }

  private object(entries: Array<[Term, Term]>): CTerm {
    const compiled = entries.map(([k, v]): [CTerm, CTerm] => [this.term(k), this.term(v)]);
    if (compiled.every(([k, v]) => k.t === 'const' && v.t === 'const')) {
      return {
        t: 'const',
        v: RObject.fromEntries(
          compiled.map(([k, v]) => [constOf(k) as Value, constOf(v) as Value]),
        ),
      };
    }
    return { t: 'object', entries: compiled };
  }

  private variable(term: VarTerm): CTerm {
    const name = term.name;
    if (name === 'input') return { t: 'input' };
    if (name === 'data') return { t: 'dataref', path: [], loc: term.loc };
    const declared = this.scope.findDeclared(name);
    if (declared !== undefined) return { t: 'var', slot: declared, name };
    const global = this.ctx.globalPath(name);
    if (global !== undefined) return this.rooted(global, [], term.loc);
    return { t: 'var', slot: this.scope.implicitSlot(name), name };
  }

  /** A path from `data` or `input` (`['data', 'lib', 'x']`) followed by compiled steps. */
  private rooted(root: string[], steps: CTerm[], loc: Location): CTerm {
    const prefix: CTerm[] = root.slice(1).map((s) => ({ t: 'const', v: s }));
    if (root[0] === 'input') {
      const path = [...prefix, ...steps];
      return path.length === 0 ? { t: 'input' } : { t: 'ref', head: { t: 'input' }, path, loc };
    }
    return { t: 'dataref', path: [...prefix, ...steps], loc };
  }

  private ref(term: Extract<Term, { type: 'ref' }>): CTerm {
    const head = this.term(term.head);
    const path = term.path.map((step) => this.term(step));
    if (head.t === 'dataref') return { t: 'dataref', path: [...head.path, ...path], loc: term.loc };
    if (head.t === 'ref' && head.head.t === 'input') {
      return { t: 'ref', head: head.head, path: [...head.path, ...path], loc: term.loc };
    }
    return { t: 'ref', head, path, loc: term.loc };
  }

  private comprehension(
    kind: 'array' | 'set' | 'object',
    head: Term,
    value: Term | null,
    body: Expr[],
    loc: Location,
  ): CTerm {
    const headTerms = value === null ? [head] : [head, value];
    const inner = new Scope(this.scope.alloc, this.scope, topLevelNames(headTerms, body));
    const saved = this.scope;
    this.scope = inner;
    try {
      const compiledBody = this.body(body);
      const cHead = this.term(head);
      const cValue = value === null ? null : this.term(value);
      const ordered = reorderBody(
        compiledBody,
        new Set(inner.outer),
        this.scope.alloc,
        [cHead, ...(cValue ? [cValue] : [])],
        loc,
      );
      return {
        t: 'comp',
        kind,
        head: cHead,
        value: cValue,
        body: ordered,
        outer: inner.outer,
        loc,
      };
    } finally {
      this.scope = saved;
    }
  }

  call(name: string, args: Term[], loc: Location): CCall {
    const { fn, arity } = resolveFunction(this.ctx, name, loc);
    if (args.length !== arity && args.length !== arity + 1) {
      throw new RegoError(
        'rego_compile_error',
        `function ${name} expects ${arity} argument${arity === 1 ? '' : 's'}, got ${args.length}`,
        loc,
      );
    }
    const compiled = args.map((a) => this.term(a));
    const output = compiled.length > arity ? (compiled.pop() as CTerm) : null;
    return { t: 'call', fn, name, args: compiled, output, loc };
  }

  /** Compiles a body in the current scope, in source order (reordering comes after). */
  body(body: Expr[]): CExpr[] {
    const out: CExpr[] = [];
    for (const expr of body) {
      const compiled = this.expr(expr);
      if (compiled !== null) out.push(compiled);
    }
    return out;
  }

  private expr(expr: Expr): CExpr | null {
    const withs = expr.with.map((w) => this.withModifier(w));
    const base = { negated: expr.negated, withs, loc: expr.loc };
    switch (expr.kind) {
      case 'term':
        return { ...base, k: 'term', term: this.term(expr.term) };
      case 'unify':
        return { ...base, k: 'unify', left: this.term(expr.left), right: this.term(expr.right) };
      case 'assign': {
        const right = this.term(expr.right);
        this.declarePattern(expr.left);
        return { ...base, k: 'unify', left: this.term(expr.left), right };
      }
      case 'some':
        for (const v of expr.vars) this.scope.declare(v.name, v.loc);
        return withs.length > 0 ? { ...base, k: 'true' } : null;
      case 'somein': {
        const coll = this.term(expr.collection);
        if (expr.key !== null) this.declarePattern(expr.key);
        this.declarePattern(expr.value);
        const key = expr.key === null ? null : this.term(expr.key);
        return { ...base, k: 'somein', key, value: this.term(expr.value), coll };
      }
      case 'every':
        return this.every(expr, base);
    }
  }

  private every(expr: Extract<Expr, { kind: 'every' }>, base: Omit<CExpr, 'k'>): CExpr {
    const domain = this.term(expr.domain);
    const inner = new Scope(this.scope.alloc, this.scope, topLevelNames([], expr.body));
    const saved = this.scope;
    this.scope = inner;
    try {
      if (expr.key !== null) this.declarePattern(expr.key);
      this.declarePattern(expr.value);
      const key = expr.key === null ? null : this.term(expr.key);
      const value = this.term(expr.value);
      const body = this.body(expr.body);
      const bound = new Set([...inner.outer, ...inner.declared.values()]);
      const ordered = reorderBody(body, bound, inner.alloc, [], expr.loc);
      return { ...base, k: 'every', key, value, domain, body: ordered, outer: inner.outer };
    } finally {
      this.scope = saved;
    }
  }

  /** Declares the variables of a `:=` or `some … in` pattern. */
  declarePattern(term: Term): void {
    switch (term.type) {
      case 'var':
        if (!term.name.startsWith('$')) this.scope.declare(term.name, term.loc);
        return;
      case 'array':
        term.items.forEach((item) => this.declarePattern(item));
        return;
      case 'object':
        term.entries.forEach(([, v]) => this.declarePattern(v));
        return;
      default:
        return;
    }
  }

  private withModifier(w: WithModifier): CWith {
    const target = this.withTarget(w.target);
    if (target.kind === 'fn') {
      const named = functionName(w.value);
      const fn =
        named !== undefined && this.scope.findDeclared(named.split('.')[0] ?? '') === undefined
          ? tryResolve(this.ctx, named, w.loc)
          : undefined;
      if (fn !== undefined) return { target, value: { t: 'const', v: null }, fn };
    }
    return { target, value: this.term(w.value), fn: null };
  }

  private withTarget(target: Term): CWithTarget {
    const name = functionName(target);
    if (name === undefined) {
      throw new RegoError(
        'rego_compile_error',
        'with keyword target must be a reference to input, data or a function',
        target.loc,
      );
    }
    const parts = name.split('.');
    const root = parts[0] === 'input' || parts[0] === 'data' ? parts[0] : undefined;
    if (root !== undefined) {
      const fn = root === 'data' ? tryResolve(this.ctx, name, target.loc) : undefined;
      if (fn !== undefined && fn.kind === 'user') return { kind: 'fn', key: fn.key };
      return { kind: root, path: parts.slice(1) };
    }
    const fn = tryResolve(this.ctx, name, target.loc);
    if (fn === undefined) {
      const global = this.ctx.globalPath(parts[0] ?? '');
      if (global !== undefined && (global[0] === 'data' || global[0] === 'input')) {
        const path = [...global.slice(1), ...parts.slice(1)];
        return global[0] === 'data' ? { kind: 'data', path } : { kind: 'input', path };
      }
      throw new RegoError(
        'rego_compile_error',
        `with keyword target ${name} is not a function, input or data`,
        target.loc,
      );
    }
    return { kind: 'fn', key: fn.key };
  }
}

/** `a.b.c` as written, when the term is a dotted name. */
function functionName(term: Term): string | undefined {
  if (term.type === 'var') return term.name;
  if (term.type !== 'ref' || term.head.type !== 'var') return undefined;
  const parts = [term.head.name];
  for (const step of term.path) {
    if (step.type !== 'string') return undefined;
    parts.push(step.value);
  }
  return parts.join('.');
}

function tryResolve(ctx: ModuleContext, name: string, loc: Location) {
  try {
    return resolveFunction(ctx, name, loc).fn;
  } catch {
    return undefined;
  }
}
