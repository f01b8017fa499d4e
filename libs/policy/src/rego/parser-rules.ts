/**
 * Modules: the package, imports and rules. A rule head is read into its parts (ref, args,
 * `contains` key, value) and then classified the way OPA does (see `classify`).
 */
import type { ElseBranch, Expr, Import, Location, Module, Rule, RuleKind, Term } from './ast.js';
import { ExprParser } from './parser-exprs.js';

interface Head {
  loc: Location;
  isDefault: boolean;
  ref: Term[];
  args: Term[] | null;
  key: Term | null;
  value: Term | null;
}

const ROOTS = new Set(['data', 'input', 'future', 'rego']);

export class ModuleParser extends ExprParser {
  private packagePath: string[] = [];

  parseModule(): Module {
    if (!this.is('package')) this.unexpected('"package" declaration');
    this.packagePath = this.parsePackage();
    const imports: Import[] = [];
    while (this.is('import')) imports.push(this.parseImport());
    this.notBodyEnabled = imports.some((i) => isNotBodyImport(i.path));
    const rules: Rule[] = [];
    while (this.tok.kind !== 'eof') {
      if (this.is('import')) this.fail('imports must come before the first rule');
      rules.push(...this.parseRules());
    }
    return { file: this.file, packagePath: this.packagePath, imports, rules };
  }

  parseQueryBody(): Expr[] {
    return this.parseBody(null);
  }

  parseSingleTerm(): Term {
    const term = this.parseTermIn(false);
    if (this.tok.kind !== 'eof') this.unexpected('end of input');
    return term;
  }

  private parsePackage(): string[] {
    this.expect('package');
    const start = this.tok;
    if (!this.isVarToken(start) || start.text === '_') this.unexpected('a package path');
    const path = this.staticPath(this.parsePrimary());
    if (path === undefined) this.fail('illegal package path: expected dotted names', start);
    return path;
  }

  private parseImport(): Import {
    const loc = this.locOf(this.expect('import'));
    const start = this.tok;
    if (!this.isVarToken(start)) this.unexpected('an import path');
    const path = this.staticPath(this.parsePrimary());
    if (path === undefined || !ROOTS.has(path[0] ?? '')) {
      this.fail('unexpected import path: must begin with data, input, future or rego', start);
    }
    let alias: string | null = null;
    if (this.accept('as')) {
      if (!this.isVarToken()) this.unexpected('an alias name');
      alias = this.advance().text;
    }
    return { path, alias, loc };
  }

  /** `a.b["c"]` as ['a', 'b', 'c']; undefined when a step is not a string. */
  private staticPath(term: Term): string[] | undefined {
    if (term.type === 'var') return [term.name];
    if (term.type !== 'ref' || term.head.type !== 'var') return undefined;
    const names = [term.head.name];
    for (const step of term.path) {
      if (step.type !== 'string') return undefined;
      names.push(step.value);
    }
    return names;
  }

  private parseRules(): Rule[] {
    const head = this.parseHead();
    if (head.isDefault) return [this.makeDefault(head)];
    const hasIf = this.accept('if') !== undefined;
    const body = this.parseRuleBody(head, hasIf);
    const rule = this.makeRule(head, body);
    if (body.length > 0 && this.is('else')) {
      this.checkElseAllowed(rule);
      rule.elses = this.parseElses();
    }
    return [rule];
  }

  /** An else branch gives one value a fallback, so the rule must produce one value. */
  private checkElseAllowed(rule: Rule): void {
    if (rule.kind === 'partialset') this.fail('else keyword cannot be used on multi-value rules');
    if (rule.ref.some((step) => nonConstant(step) !== undefined)) {
      this.fail('else keyword cannot be used on rules with variables in head');
    }
  }

  /** `default p := v`: a constant value (comprehensions aside) and distinct variable args. */
  private makeDefault(head: Head): Rule {
    const at = head.loc;
    if (head.value === null) this.fail('illegal default rule (must have a value)', at);
    const bad = nonConstant(head.value);
    if (bad !== undefined) this.fail(`illegal default rule (value cannot contain ${bad})`, at);
    const names = new Set<string>();
    for (const arg of head.args ?? []) {
      if (arg.type !== 'var')
        this.fail(`illegal default rule (arguments cannot contain ${arg.type})`, at);
      if (names.has(arg.name))
        this.fail(`illegal default rule (arguments cannot be repeated ${arg.name})`, at);
      names.add(arg.name);
    }
    const rule = this.makeRule(head, []);
    if (rule.kind !== 'complete' && rule.kind !== 'function') {
      this.fail('illegal default rule (must be a complete rule or a function)', at);
    }
    return rule;
  }

  private parseRuleBody(head: Head, hasIf: boolean): Expr[] {
    if (hasIf) return this.parseIfBody();
    // Rego v1, as OPA 1.x: a body without `if` (v0's `p { … }`, `p[x] { … }`) is refused.
    if (this.is('{')) this.fail('`if` keyword is required before rule body');
    if (head.value !== null || head.key !== null) return [];
    return this.unexpected('"if", "{", ":=" or "=" after the rule head');
  }

  /**
   * After `if` comes one expression or a braced body. As in OPA, the expression is tried
   * first; a set literal (`{ x }`) is never meant as one, so that reads as a body.
   */
  private parseIfBody(): Expr[] {
    const state = this.save();
    try {
      const expr = this.parseLiteral();
      const isSet = expr.kind === 'term' && expr.term.type === 'set';
      if (!isSet || expr.negated || expr.with.length > 0) return [expr];
    } catch (error) {
      if (!this.isAt(state.index, '{')) throw error;
    }
    this.restore(state);
    return this.parseBraceBody();
  }

  private isAt(index: number, text: string): boolean {
    const token = this.tokens[index];
    return token !== undefined && this.is(text, token);
  }

  private parseHead(): Head {
    const loc = this.locOf(this.tok);
    const isDefault = this.accept('default') !== undefined;
    const name = this.tok;
    if (!this.isVarToken(name)) this.unexpected('a rule name');
    this.advance();
    const ref: Term[] = [{ type: 'string', value: name.text, loc: this.locOf(name) }];
    const args = this.parseHeadSteps(ref);
    let key: Term | null = null;
    let value: Term | null = null;
    if (this.is('contains')) {
      if (args !== null) this.fail('the contains keyword cannot be used with a function head');
      this.advance();
      key = this.parseTermIn(true);
    } else if (this.accept(':=') || this.accept('=')) {
      value = this.parseTermIn(true);
    }
    return { loc, isDefault, ref, args, key, value };
  }

  /** Adds `.b`, `[x]` steps to `ref`; returns the arguments when the head is `f(…)`. */
  private parseHeadSteps(ref: Term[]): Term[] | null {
    for (;;) {
      const tok = this.tok;
      if (tok.newlineBefore) return null;
      if (this.accept('.')) {
        const step = this.tok;
        if (step.kind !== 'ident' || step.spaceBefore) this.unexpected('a name after "."');
        this.advance();
        ref.push({ type: 'string', value: step.text, loc: this.locOf(step) });
      } else if (this.accept('[')) {
        ref.push(this.parseTermIn(true));
        this.expect(']');
      } else if (this.accept('(')) {
        const args = this.parseTermList(')');
        this.expect(')');
        return args;
      } else {
        return null;
      }
    }
  }

  private parseElses(): ElseBranch[] {
    const elses: ElseBranch[] = [];
    while (this.is('else')) {
      const loc = this.locOf(this.advance());
      let value: Term = { type: 'boolean', value: true, loc };
      if (this.accept(':=') || this.accept('=')) value = this.parseTermIn(true);
      let body: Expr[] = [];
      if (this.accept('if')) body = this.is('{') ? this.parseBraceBody() : [this.parseLiteral()];
      else if (this.is('{')) this.fail('`if` keyword is required before rule body');
      elses.push({ value, body, loc });
    }
    return elses;
  }

  private makeRule(head: Head, body: Expr[]): Rule {
    const { kind, ref, key, value } = classify(head);
    return {
      ref,
      kind,
      isDefault: head.isDefault,
      args: head.args ?? [],
      key,
      value: value ?? { type: 'boolean', value: true, loc: head.loc },
      body,
      elses: [],
      packagePath: this.packagePath,
      loc: head.loc,
    };
  }
}

interface Classified {
  kind: RuleKind;
  ref: Term[];
  key: Term | null;
  value: Term | null;
}

/**
 * - `f(…)` is a function; `p contains x` a partial set.
 * - Otherwise the head is a ref: complete when every step is a string, else a partial
 *   object keyed by the last step (`p[x] if …` is the object {x: true}).
 */
function classify(head: Head): Classified {
  const { ref, args, key, value } = head;
  if (args !== null) return { kind: 'function', ref, key: null, value };
  if (key !== null) return { kind: 'partialset', ref, key, value: null };
  const complete = ref.every((step) => step.type === 'string');
  return { kind: complete ? 'complete' : 'partialobject', ref, key: null, value };
}

function isNotBodyImport(path: string[]): boolean {
  const text = path.join('.');
  return text === 'rego.v2' || text === 'future.keywords.not' || text === 'future.keywords';
}

/** The first variable, reference or call in `term` outside comprehensions, by kind. */
function nonConstant(term: Term): string | undefined {
  switch (term.type) {
    case 'var':
    case 'ref':
    case 'call':
      return term.type;
    case 'array':
    case 'set':
      return firstOf(term.items);
    case 'object':
      return firstOf(term.entries.flat());
    default:
      return undefined;
  }
}

function firstOf(terms: Term[]): string | undefined {
  for (const term of terms) {
    const found = nonConstant(term);
    if (found !== undefined) return found;
  }
  return undefined;
}
