/**
 * Bodies and their expressions: `not`, `some`, `every`, `:=`, `=`, plain terms and
 * `with` modifiers. Expressions in a body are separated by `;` or a newline.
 */
import type { Expr, Location, Term, VarTerm, WithModifier } from './ast.js';
import { MEMBER, MEMBER_WITH_KEY, TermParser } from './parser-terms.js';

export abstract class ExprParser extends TermParser {
  /** `not { a; b }` negates a whole body (`import rego.v2` or `future.keywords.not`). */
  protected notBodyEnabled = false;

  protected parseBody(end: string | null): Expr[] {
    const atEnd = (): boolean => (end === null ? this.tok.kind === 'eof' : this.is(end));
    if (atEnd()) this.fail('found empty body');
    const body: Expr[] = [];
    for (;;) {
      body.push(this.parseLiteral());
      if (this.accept(';')) continue;
      if (atEnd()) return body;
      if (!this.tok.newlineBefore) {
        this.unexpected(`a newline or ";" or ${end === null ? 'end of input' : `"${end}"`}`);
      }
    }
  }

  /** `{ body }`, braces consumed. */
  protected parseBraceBody(): Expr[] {
    this.expect('{', 'a rule body "{"');
    const body = this.parseBody('}');
    this.expect('}');
    return body;
  }

  protected parseLiteral(): Expr {
    const loc = this.locOf(this.tok);
    const negated = this.isKeyword('not');
    if (negated) this.advance();
    let expr: Expr;
    if (this.isKeyword('some') || this.isKeyword('every')) {
      if (negated) this.fail(`illegal negation of "${this.tok.text}"`);
      expr = this.is('some') ? this.parseSome(loc) : this.parseEvery(loc);
    } else if (negated && this.notBodyEnabled && this.is('{')) {
      expr = this.parseNotBody(loc);
    } else {
      expr = this.parseExprCore(loc, negated);
    }
    while (this.is('with')) expr.with.push(this.parseWith());
    return expr;
  }

  private parseExprCore(loc: Location, negated: boolean): Expr {
    const left = this.parseTermIn(true);
    const base = { negated, with: [] as WithModifier[], loc };
    if (this.accept(':=')) return { ...base, kind: 'assign', left, right: this.parseTermIn(true) };
    if (this.accept('=')) return { ...base, kind: 'unify', left, right: this.parseTermIn(true) };
    return { ...base, kind: 'term', term: left };
  }

  /**
   * The syntax tree has no negated body, so `not { a; b }` becomes `not {true | a; b}[true]`:
   * the set is `{true}` exactly when the body holds, so the ref is defined exactly then.
   */
  private parseNotBody(loc: Location): Expr {
    const body = this.parseBraceBody();
    const yes: Term = { type: 'boolean', value: true, loc };
    const term: Term = {
      type: 'ref',
      head: { type: 'setcomp', head: yes, body, loc },
      path: [yes],
      loc,
    };
    return { kind: 'term', term, negated: true, with: [], loc };
  }

  private parseWith(): WithModifier {
    const loc = this.locOf(this.expect('with'));
    if (!this.isVarToken()) this.unexpected('a with target (a reference such as input.x)');
    const target = this.parsePrimary();
    if (target.type !== 'var' && target.type !== 'ref') this.fail('expected with target path');
    this.expect('as');
    return { target, value: this.parseTermIn(true), loc };
  }

  private parseSome(loc: Location): Expr {
    this.expect('some');
    const state = this.save();
    try {
      const term = this.parseTermIn(true);
      if (term.type === 'call' && (term.name === MEMBER || term.name === MEMBER_WITH_KEY)) {
        const withKey = term.name === MEMBER_WITH_KEY;
        const [first, second, third] = term.args as [Term, Term, Term?];
        const collection = withKey ? (third as Term) : second;
        const value = withKey ? second : first;
        const key = withKey ? first : null;
        return { kind: 'somein', key, value, collection, negated: false, with: [], loc };
      }
    } catch {
      // Not `some x in xs`: read it as a list of variables below.
    }
    this.restore(state);
    return { kind: 'some', vars: this.parseSomeVars(), negated: false, with: [], loc };
  }

  private parseSomeVars(): VarTerm[] {
    const vars: VarTerm[] = [];
    do {
      const tok = this.tok;
      if (!this.isVarToken(tok)) this.unexpected('a variable');
      this.advance();
      const name = tok.text === '_' ? this.nextWildcard() : tok.text;
      vars.push({ type: 'var', name, loc: this.locOf(tok) });
    } while (this.accept(','));
    return vars;
  }

  private parseEvery(loc: Location): Expr {
    this.expect('every');
    const start = this.tok;
    const term = this.parseTermIn(true);
    if (term.type !== 'call' || (term.name !== MEMBER && term.name !== MEMBER_WITH_KEY)) {
      this.fail('expected `x in xs` or `k, v in xs` after "every"', start);
    }
    const withKey = term.name === MEMBER_WITH_KEY;
    const [first, second, third] = term.args as [Term, Term, Term?];
    const key = withKey ? first : null;
    const value = withKey ? second : first;
    const domain = withKey ? (third as Term) : second;
    if (value.type !== 'var' || (key !== null && key.type !== 'var')) {
      this.fail('expected variables before "in" in "every"', start);
    }
    if (!this.is('{')) this.unexpected('"{" to start the body of "every"');
    const body = this.parseBraceBody();
    return { kind: 'every', key, value, domain, body, negated: false, with: [], loc };
  }
}
