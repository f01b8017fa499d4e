/**
 * Splits Rego source into tokens. Whitespace and comments are dropped, but each token
 * records whether whitespace or a newline preceded it: a newline ends an expression in a
 * body, and whitespace ends a reference (`a.b [c]` is not `a.b[c]`), as in OPA.
 */
import type { Location } from './ast.js';
import { RegoError } from './errors.js';

export type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The identifier, the punctuation, the number's text, or the decoded string. */
  text: string;
  /** The source text as written (quotes and escapes included). */
  raw: string;
  line: number;
  column: number;
  /** Whitespace or a comment separates this token from the previous one. */
  spaceBefore: boolean;
  /** A newline separates this token from the previous one. */
  newlineBefore: boolean;
}

const PUNCTUATION = [
  ':=',
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ';',
  ':',
  '.',
];

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly tokens: Token[] = [];

  constructor(
    private readonly source: string,
    private readonly file: string,
  ) {}

  run(): Token[] {
    for (;;) {
      const { space, newline } = this.skipBlank();
      const token = this.next(space, newline);
      this.tokens.push(token);
      if (token.kind === 'eof') return this.tokens;
    }
  }

  private loc(): Location {
    return { file: this.file, line: this.line, column: this.pos - this.lineStart + 1 };
  }

  private fail(detail: string, at: Location = this.loc()): never {
    throw new RegoError('rego_parse_error', detail, at);
  }

  private newline(): void {
    this.line++;
    this.lineStart = this.pos;
  }

  private skipBlank(): { space: boolean; newline: boolean } {
    let space = false;
    let newline = false;
    while (this.pos < this.source.length) {
      const c = this.source[this.pos];
      if (c === '\n') {
        this.pos++;
        this.newline();
        newline = true;
      } else if (c === ' ' || c === '\t' || c === '\r') {
        this.pos++;
      } else if (c === '#') {
        while (this.pos < this.source.length && this.source[this.pos] !== '\n') this.pos++;
      } else {
        break;
      }
      space = true;
    }
    return { space, newline };
  }

  private next(spaceBefore: boolean, newlineBefore: boolean): Token {
    const start = this.loc();
    const make = (kind: TokenKind, text: string, raw: string): Token => ({
      kind,
      text,
      raw,
      line: start.line,
      column: start.column,
      spaceBefore,
      newlineBefore,
    });
    if (this.pos >= this.source.length) return make('eof', '', '');
    const c = this.source[this.pos] ?? '';
    if (IDENT_START.test(c)) return this.ident(make);
    if (c >= '0' && c <= '9') return this.number(make);
    if (c === '"') return this.quoted(make);
    if (c === '`') return this.rawString(make);
    const punct = PUNCTUATION.find((p) => this.source.startsWith(p, this.pos));
    if (punct === undefined) this.fail(`illegal character ${JSON.stringify(c)}`);
    this.pos += punct.length;
    return make('punct', punct, punct);
  }

  private ident(make: (k: TokenKind, t: string, r: string) => Token): Token {
    const start = this.pos;
    while (this.pos < this.source.length && IDENT_PART.test(this.source[this.pos] ?? '')) {
      this.pos++;
    }
    const text = this.source.slice(start, this.pos);
    return make('ident', text, text);
  }

  private number(make: (k: TokenKind, t: string, r: string) => Token): Token {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.source);
    const text = match?.[0] ?? '';
    this.pos += text.length;
    return make('number', text, text);
  }

  private quoted(make: (k: TokenKind, t: string, r: string) => Token): Token {
    const start = this.pos;
    const at = this.loc();
    this.pos++;
    for (;;) {
      const c = this.source[this.pos];
      if (c === undefined || c === '\n') this.fail('non-terminated string', at);
      this.pos++;
      if (c === '\\') this.pos++;
      else if (c === '"') break;
    }
    const raw = this.source.slice(start, this.pos);
    const fail = (): never => this.fail(`illegal string literal: ${raw}`, at);
    return make('string', decodeString(raw, fail), raw);
  }

  private rawString(make: (k: TokenKind, t: string, r: string) => Token): Token {
    const start = this.pos;
    const end = this.source.indexOf('`', start + 1);
    if (end < 0) this.fail('non-terminated raw string');
    for (let i = start; i < end; i++) {
      if (this.source[i] === '\n') {
        this.pos = i + 1;
        this.newline();
      }
    }
    this.pos = end + 1;
    const raw = this.source.slice(start, this.pos);
    return make('string', raw.slice(1, -1), raw);
  }
}

/** JSON string rules: the escapes `\" \\ \/ \b \f \n \r \t \uXXXX`, no control characters. */
function decodeString(raw: string, fail: () => never): string {
  if (!raw.includes('\\')) return raw.slice(1, -1);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return fail();
  }
}

export function tokenize(source: string, file: string): Token[] {
  return new Lexer(source, file).run();
}
