/**
 * The token cursor shared by the term, expression and rule parsers: lookahead,
 * backtracking, keyword checks and the error messages (`unexpected X: expected Y`).
 */
import type { Location } from './ast.js';
import { RegoError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

/** Words that cannot name a variable in Rego v1. */
export const KEYWORDS = new Set([
  'as',
  'contains',
  'default',
  'else',
  'every',
  'false',
  'if',
  'import',
  'in',
  'not',
  'null',
  'package',
  'some',
  'true',
  'with',
]);

export interface CursorState {
  index: number;
  wildcards: number;
}

export class Cursor {
  protected readonly tokens: Token[];
  protected index = 0;
  private wildcards = 0;

  constructor(
    source: string,
    protected readonly file: string,
  ) {
    this.tokens = tokenize(source, file);
  }

  protected get tok(): Token {
    return this.peek(0);
  }

  protected peek(offset: number): Token {
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[this.index + offset] ?? last;
  }

  protected advance(): Token {
    const token = this.tok;
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  protected save(): CursorState {
    return { index: this.index, wildcards: this.wildcards };
  }

  protected restore(state: CursorState): void {
    this.index = state.index;
    this.wildcards = state.wildcards;
  }

  protected nextWildcard(): string {
    return `$_${this.wildcards++}`;
  }

  protected locOf(token: Token): Location {
    return { file: this.file, line: token.line, column: token.column };
  }

  protected is(text: string, token: Token = this.tok): boolean {
    return (token.kind === 'punct' || token.kind === 'ident') && token.text === text;
  }

  /** Consumes the token if it is `text`. */
  protected accept(text: string): Token | undefined {
    return this.is(text) ? this.advance() : undefined;
  }

  protected expect(text: string, expected = `"${text}"`): Token {
    if (!this.is(text)) this.unexpected(expected);
    return this.advance();
  }

  protected isVarToken(token: Token = this.tok): boolean {
    return token.kind === 'ident' && !KEYWORDS.has(token.text);
  }

  /**
   * True when the current token is the keyword `word` and not the head of a ref: OPA
   * lets a keyword start a ref (`not.x`, `in["y"]`) when a step touches it.
   */
  protected isKeyword(word: string): boolean {
    return this.is(word) && !this.startsRef();
  }

  protected startsRef(): boolean {
    const next = this.peek(1);
    return !next.spaceBefore && (this.is('.', next) || this.is('[', next));
  }

  protected fail(detail: string, at: Token | Location = this.tok): never {
    const loc = 'kind' in at ? this.locOf(at) : at;
    throw new RegoError('rego_parse_error', detail, loc);
  }

  /** Throws `unexpected <what was found>: expected <expected>`. */
  protected unexpected(expected: string, token: Token = this.tok): never {
    this.fail(`unexpected ${describe(token)}: expected ${expected}`, token);
  }
}

export function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of input';
    case 'string':
      return `string ${token.raw}`;
    case 'number':
      return `number ${token.raw}`;
    case 'ident':
      return KEYWORDS.has(token.text) ? `"${token.text}" keyword` : `identifier "${token.text}"`;
    default:
      return `"${token.text}" token`;
  }
}
