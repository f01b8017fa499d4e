/**
 * Terms: scalars, variables, references, calls, collections, comprehensions and the
 * infix operators, which become calls to their builtins. Precedence follows OPA's
 * grammar, loosest first: `in`, comparisons, `|`, `&`, `+ -`, `* / %`.
 */
import type { CallTerm, Expr, Location, Term } from './ast.js';
import type { Token } from './lexer.js';
import { Cursor, type CursorState } from './parser-cursor.js';
import { parseNumber } from './value.js';

const LEVELS: ReadonlyArray<Readonly<Record<string, string>>> = [
  { '==': 'equal', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' },
  { '|': 'or' },
  { '&': 'and' },
  { '+': 'plus', '-': 'minus' },
  { '*': 'mul', '/': 'div', '%': 'rem' },
];

const MAX_EXPONENT = 30_000;
/** Nesting beyond this would exhaust the JavaScript stack; OPA has a similar bound. */
const MAX_DEPTH = 400;

export const MEMBER = 'internal.member_2';
export const MEMBER_WITH_KEY = 'internal.member_3';

export function call(name: string, args: Term[], loc: Location): CallTerm {
  return { type: 'call', name, args, loc };
}

interface Memo {
  term: Term;
  end: CursorState;
  error?: unknown;
}

export abstract class TermParser extends Cursor {
  private readonly primaries = new Map<string, Memo>();
  private depth = 0;

  /** Parses expressions up to (not including) `end`; `null` means the end of input. */
  protected abstract parseBody(end: string | null): Expr[];

  /**
   * A full term with operators. `keyVal` allows `k, v in xs`, which only makes sense
   * where a comma cannot separate list items (an expression, not an array element).
   */
  protected parseTermIn(keyVal: boolean): Term {
    let lhs = this.parseLevel(0);
    if (keyVal && this.is(',')) {
      const withKey = this.tryMemberWithKey(lhs);
      if (withKey) lhs = withKey;
    }
    while (this.is('in')) {
      this.advance();
      lhs = call(MEMBER, [lhs, this.parseLevel(0)], lhs.loc);
    }
    return lhs;
  }

  private tryMemberWithKey(key: Term): Term | undefined {
    const state = this.save();
    try {
      this.advance();
      const value = this.parseLevel(0);
      if (!this.accept('in')) throw new Error('not a key-value membership');
      return call(MEMBER_WITH_KEY, [key, value, this.parseLevel(0)], key.loc);
    } catch {
      this.restore(state);
      return undefined;
    }
  }

  private parseLevel(level: number): Term {
    const operators = LEVELS[level];
    if (operators === undefined) return this.parsePrimary();
    let lhs = this.parseLevel(level + 1);
    for (;;) {
      const tok = this.tok;
      const name = tok.kind === 'punct' ? operators[tok.text] : undefined;
      if (name === undefined) return lhs;
      this.advance();
      lhs = call(name, [lhs, this.parseLevel(level + 1)], lhs.loc);
    }
  }

  /**
   * One operand: a literal, variable, collection or parenthesised term, then its ref steps.
   * Results (and failures) are remembered by position: comprehension detection and other
   * backtracking re-read operands, which would cost 2^depth on nested brackets otherwise.
   */
  protected parsePrimary(): Term {
    const start = this.save();
    const key = `${start.index}:${start.wildcards}`;
    const hit = this.primaries.get(key);
    if (hit !== undefined) {
      if (hit.error !== undefined) throw hit.error;
      this.restore(hit.end);
      return hit.term;
    }
    try {
      if (++this.depth > MAX_DEPTH) this.fail('max parsing recursion depth exceeded');
      const term = this.parsePrimaryUncached();
      this.primaries.set(key, { term, end: this.save() });
      return term;
    } catch (error) {
      this.primaries.set(key, {
        term: { type: 'null', loc: this.locOf(this.tok) },
        end: start,
        error,
      });
      throw error;
    } finally {
      this.depth--;
    }
  }

  private parsePrimaryUncached(): Term {
    const tok = this.tok;
    const loc = this.locOf(tok);
    switch (tok.kind) {
      case 'number':
        return this.parseNumberTerm('', loc);
      case 'string':
        this.advance();
        return this.parsePostfix({ type: 'string', value: tok.text, loc });
      case 'eof':
        return this.unexpected('a term');
      case 'ident':
        return this.parsePostfix(this.parseWord(tok, loc));
      default:
        return this.parsePostfix(this.parsePunctTerm(tok, loc));
    }
  }

  private parseWord(tok: Token, loc: Location): Term {
    switch (tok.text) {
      case 'null':
        this.advance();
        return { type: 'null', loc };
      case 'true':
      case 'false':
        this.advance();
        return { type: 'boolean', value: tok.text === 'true', loc };
      case 'contains':
        // Outside rule heads `contains` is the string builtin's name.
        this.advance();
        return { type: 'var', name: tok.text, loc };
      default:
        if (!this.isVarToken(tok) && !this.startsRef()) return this.unexpected('a term');
        this.advance();
        return { type: 'var', name: tok.text === '_' ? this.nextWildcard() : tok.text, loc };
    }
  }

  private parsePunctTerm(tok: Token, loc: Location): Term {
    switch (tok.text) {
      case '-':
        this.advance();
        return this.parseNumberTerm('-', loc);
      case '.':
        return this.parseNumberTerm('', loc);
      case '[':
        return this.parseArray(loc);
      case '{':
        return this.parseSetOrObject(loc);
      case '(': {
        this.advance();
        const inner = this.parseTermIn(true);
        this.expect(')');
        return inner;
      }
      default:
        return this.unexpected('a term');
    }
  }

  /** `12`, `-3`, `.5`, `1e3`; OPA rejects leading zeros such as `007`. */
  private parseNumberTerm(sign: string, loc: Location): Term {
    let text = sign;
    if (this.is('.')) {
      this.advance();
      text += '0.';
      if (this.tok.kind !== 'number' || this.tok.spaceBefore) this.unexpected('a number');
    } else if (this.tok.kind !== 'number') {
      this.unexpected('a number');
    } else if (/^0\d/.test(this.tok.text)) {
      this.unexpected('a number without leading zero');
    }
    const digits = this.advance();
    text += digits.text;
    // OPA's bound on the exponent, which keeps number formatting cheap.
    if (Math.abs(Number(/[eE]([+-]?\d+)$/.exec(text)?.[1] ?? 0)) > MAX_EXPONENT) {
      this.fail('number too big', digits);
    }
    return { type: 'number', value: parseNumber(text), text, loc };
  }

  /** Ref steps and calls must touch what they follow: `a.b[c](d)`, never `a [c]`. */
  protected parsePostfix(start: Term): Term {
    let head = start;
    let path: Term[] = [];
    while (!this.tok.spaceBefore && (this.is('.') || this.is('[') || this.is('('))) {
      if (this.is('(')) {
        head = this.parseCall(head, path);
        path = [];
      } else {
        if (path.length === 0) this.checkRefHead(head);
        path.push(this.parseRefStep());
      }
    }
    if (path.length === 0) return head;
    if (head.type === 'ref') return { ...head, path: [...head.path, ...path] };
    return { type: 'ref', head, path, loc: head.loc };
  }

  private checkRefHead(head: Term): void {
    const scalar = ['null', 'boolean', 'number', 'string'].includes(head.type);
    if (scalar) this.fail(`illegal ref (head cannot be ${head.type})`, head.loc);
  }

  private parseRefStep(): Term {
    if (this.accept('.')) {
      const name = this.tok;
      if (name.kind !== 'ident' || name.spaceBefore) this.unexpected('an identifier after "."');
      this.advance();
      return { type: 'string', value: name.text, loc: this.locOf(name) };
    }
    this.expect('[');
    const step = this.parseTermIn(true);
    this.expect(']');
    return step;
  }

  private parseCall(head: Term, path: Term[]): Term {
    const name = callName(head, path);
    if (name === undefined) {
      this.fail('illegal call: the function must be named by a dotted path', head.loc);
    }
    this.expect('(');
    const args = this.parseTermList(')');
    this.expect(')');
    if (name === 'set' && args.length === 0) return { type: 'set', items: [], loc: head.loc };
    return call(name, args, head.loc);
  }

  /** Comma-separated terms up to `end` (not consumed); a trailing comma is allowed. */
  protected parseTermList(end: string): Term[] {
    const items: Term[] = [];
    while (!this.is(end)) {
      items.push(this.parseTermIn(false));
      if (!this.accept(',') && !this.is(end)) this.unexpected(`"," or "${end}"`);
    }
    return items;
  }

  private parseArray(loc: Location): Term {
    this.expect('[');
    // A leading comma (`[, x]`) is old syntax OPA still accepts; it rules out a comprehension.
    const mayBeComprehension = !this.accept(',');
    const state = this.save();
    if (mayBeComprehension && !this.is(']')) {
      const head = this.parsePrimary();
      if (this.accept('|')) {
        const body = this.parseBody(']');
        this.expect(']');
        return { type: 'arraycomp', head, body, loc };
      }
      this.restore(state);
    }
    const items = this.parseTermList(']');
    this.expect(']');
    return { type: 'array', items, loc };
  }

  private parseSetOrObject(loc: Location): Term {
    this.expect('{');
    if (this.accept('}')) return { type: 'object', entries: [], loc };
    const mayBeComprehension = !this.accept(',');
    const state = this.save();
    if (mayBeComprehension) {
      const head = this.parsePrimary();
      if (this.accept('|')) {
        const body = this.parseBody('}');
        this.expect('}');
        return { type: 'setcomp', head, body, loc };
      }
      if (this.is(':')) return this.parseObject(head, loc, true);
      this.restore(state);
    }
    const first = this.parseTermIn(false);
    if (this.is(':')) return this.parseObject(first, loc, mayBeComprehension);
    if (!this.is(',') && !this.is('}')) this.unexpected('"," or ":" or "}"');
    this.accept(',');
    const items = [first, ...this.parseTermList('}')];
    this.expect('}');
    return { type: 'set', items, loc };
  }

  private parseObject(key: Term, loc: Location, mayBeComprehension: boolean): Term {
    this.expect(':');
    const state = this.save();
    if (mayBeComprehension) {
      const value = this.parsePrimary();
      if (this.accept('|')) {
        const body = this.parseBody('}');
        this.expect('}');
        return { type: 'objectcomp', key, value, body, loc };
      }
      this.restore(state);
    }
    const entries: Array<[Term, Term]> = [[key, this.parseTermIn(false)]];
    if (!this.accept(',') && !this.is('}')) this.unexpected('"," or "}"');
    while (!this.is('}')) {
      const k = this.parseTermIn(false);
      this.expect(':');
      entries.push([k, this.parseTermIn(false)]);
      if (!this.accept(',') && !this.is('}')) this.unexpected('"," or "}"');
    }
    this.expect('}');
    return { type: 'object', entries, loc };
  }
}

/** `f`, `object.get`, `data.lib.f`: a var followed by static identifier steps. */
function callName(head: Term, path: Term[]): string | undefined {
  const base = head.type === 'ref' ? head.head : head;
  const steps = head.type === 'ref' ? [...head.path, ...path] : path;
  if (base.type !== 'var') return undefined;
  const names = [base.name];
  for (const step of steps) {
    if (step.type !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(step.value)) return undefined;
    names.push(step.value);
  }
  return names.join('.');
}
