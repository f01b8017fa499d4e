import { describe, expect, it } from 'vitest';
import { RegoError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

/** `kind:text` for each token but the end of input. */
function shapes(source: string): string[] {
  return tokenize(source, 'lex.rego')
    .filter((t) => t.kind !== 'eof')
    .map((t) => `${t.kind}:${t.text}`);
}

function tokenAt(source: string, index: number): Token {
  const token = tokenize(source, 'lex.rego')[index];
  if (token === undefined) throw new Error(`no token ${index}`);
  return token;
}

describe('tokenize', () => {
  const valid: Array<[string, string[]]> = [
    ['p := 1', ['ident:p', 'punct::=', 'number:1']],
    // Two-character operators win over their one-character prefixes.
    [
      'a<=b>=c!=d==e',
      [
        'ident:a',
        'punct:<=',
        'ident:b',
        'punct:>=',
        'ident:c',
        'punct:!=',
        'ident:d',
        'punct:==',
        'ident:e',
      ],
    ],
    ['x=-1', ['ident:x', 'punct:=', 'punct:-', 'number:1']],
    [
      '3.14 1e10 2.5E-3 12345678901234567890',
      ['number:3.14', 'number:1e10', 'number:2.5E-3', 'number:12345678901234567890'],
    ],
    // A dot not followed by a digit is a ref step, not a fraction.
    ['a[1].b', ['ident:a', 'punct:[', 'number:1', 'punct:]', 'punct:.', 'ident:b']],
    ['"a\\"b\\n\\u00e9"', ['string:a"b\né']],
    ['`raw \\n "quoted"`', ['string:raw \\n "quoted"']],
    ['x # comment := 1\ny', ['ident:x', 'ident:y']],
    ['_ __local1__ data.x', ['ident:_', 'ident:__local1__', 'ident:data', 'punct:.', 'ident:x']],
    [
      '{[(|&;,:)]}',
      [
        'punct:{',
        'punct:[',
        'punct:(',
        'punct:|',
        'punct:&',
        'punct:;',
        'punct:,',
        'punct::',
        'punct:)',
        'punct:]',
        'punct:}',
      ],
    ],
    ['', []],
  ];
  it.each(valid)('%j', (source, expected) => {
    expect(shapes(source)).toEqual(expected);
  });

  it('records line, column and the whitespace before each token', () => {
    const source = 'a.b [c]\n  d';
    expect(tokenAt(source, 3)).toMatchObject({ text: '[', line: 1, column: 5, spaceBefore: true });
    expect(tokenAt(source, 1)).toMatchObject({
      text: '.',
      spaceBefore: false,
      newlineBefore: false,
    });
    expect(tokenAt(source, 6)).toMatchObject({
      text: 'd',
      line: 2,
      column: 3,
      newlineBefore: true,
    });
  });

  it('counts lines inside raw strings', () => {
    expect(tokenAt('`a\nb\nc` x', 1)).toMatchObject({ text: 'x', line: 3, column: 4 });
  });

  it('treats a comment as whitespace, and its newline as a newline', () => {
    expect(tokenAt('a # note\nb', 1)).toMatchObject({ spaceBefore: true, newlineBefore: true });
  });

  const invalid: Array<[string, string]> = [
    ['"abc', 'lex.rego:1:1: rego_parse_error: non-terminated string'],
    ['x := "a\nb"', 'lex.rego:1:6: rego_parse_error: non-terminated string'],
    ['"bad \\q escape"', 'lex.rego:1:1: rego_parse_error: illegal string literal'],
    ['`open', 'lex.rego:1:1: rego_parse_error: non-terminated raw string'],
    ['a\n  @', 'lex.rego:2:3: rego_parse_error: illegal character "@"'],
  ];
  it.each(invalid)('rejects %j', (source, message) => {
    expect(() => tokenize(source, 'lex.rego')).toThrow(RegoError);
    expect(() => tokenize(source, 'lex.rego')).toThrow(message);
  });
});
