import { describe, expect, it } from 'vitest';
import type { Term } from './ast.js';
import { RegoError } from './errors.js';
import { parseQuery, parseTerm } from './parser.js';
import { printBody, printTerm } from './parser-print.js';

const query = (source: string): string => printBody(parseQuery(source));
const term = (source: string): string => printTerm(parseTerm(source));

describe('parseTerm', () => {
  // The printer writes dot steps as `.x`, any other step as `[t]`, operators as calls.
  const valid: Array<[string, string]> = [
    ['null', 'null'],
    ['true', 'true'],
    ['"a\\tb"', '"a\\tb"'],
    ['`C:\\dir`', '"C:\\\\dir"'],
    ['-2.5e3', '-2500'],
    ['.5', '0.5'],
    ['[]', '[]'],
    ['{}', '{}'],
    ['set()', 'set()'],
    ['[1, "a", [true]]', '[1, "a", [true]]'],
    // A trailing comma, and newlines inside brackets, are allowed.
    ['[\n  1,\n  2,\n]', '[1, 2]'],
    ['{1, 2}', '{1, 2}'],
    ['{"foo": {{1}}}', '{"foo": {{1}}}'],
    ['{[1]: {"a": null}, 2: 3}', '{[1]: {"a": null}, 2: 3}'],
    ['input.x[_].y', 'input.x[$_0].y'],
    ['input["a b"].c', 'input["a b"].c'],
    ['data.a[x][1]', 'data.a[x][1]'],
    ['[1, 2][0]', '([1, 2])[0]'],
    ['{"a": 1}.a', '({"a": 1}).a'],
    ['f(x).y', 'f(x).y'],
    ['object.get(o, "k", 0)[0]', 'object.get(o, "k", 0)[0]'],
    ['data.lib.f(x, [1])', 'data.lib.f(x, [1])'],
    ['count([])', 'count([])'],
    ['contains("abc", "b")', 'contains("abc", "b")'],
    ['[x | x := xs[_]]', '[x | x := xs[$_0]]'],
    ['{x | some x in xs; x > 1}', '{x | some x in xs; gt(x, 1)}'],
    ['{k: v | some k, v in o\n v != 0}', '{k: v | some k, v in o; neq(v, 0)}'],
    // The head of a comprehension is a single term; `|` after it starts the body.
    ['{a | b}', '{a | b}'],
    ['{(a | b)}', '{or(a, b)}'],
    ['{x + 1, 2}', '{plus(x, 1), 2}'],
    ['{x + 1: 2}', '{plus(x, 1): 2}'],
    ['[_, _]', '[$_0, $_1]'],
    ['(1 + 2) * 3', 'mul(plus(1, 2), 3)'],
  ];
  it.each(valid)('%j', (source, expected) => {
    expect(term(source)).toBe(expected);
  });

  it('keeps integers beyond 2^53 exact, and the literal text', () => {
    const big = parseTerm('123456789012345678901234567890');
    expect(big).toMatchObject({ type: 'number', value: 123456789012345678901234567890n });
    expect(parseTerm('3.50')).toMatchObject({ type: 'number', value: 3.5, text: '3.50' });
  });

  it('distinguishes a dot step (a string) from a bracket variable', () => {
    const ref = parseTerm('a.b[c]') as Extract<Term, { type: 'ref' }>;
    expect(ref.head).toMatchObject({ type: 'var', name: 'a' });
    expect(ref.path.map((t) => t.type)).toEqual(['string', 'var']);
  });

  it('gives every term its location', () => {
    const call = parseTerm('[1,\n  f(x)]', 'in.rego') as Extract<Term, { type: 'array' }>;
    expect(call.loc).toEqual({ file: 'in.rego', line: 1, column: 1 });
    expect(call.items[1]?.loc).toEqual({ file: 'in.rego', line: 2, column: 3 });
  });
});

describe('operators', () => {
  // OPA's precedence, loosest first: in, comparisons, |, &, + -, * / %; all left-associative.
  const valid: Array<[string, string]> = [
    ['x == 1 + 2 * 3', 'equal(x, plus(1, mul(2, 3)))'],
    ['a - b - c', 'minus(minus(a, b), c)'],
    ['a / b % c', 'rem(div(a, b), c)'],
    ['a | b & c', 'or(a, and(b, c))'],
    ['a | b == c', 'equal(or(a, b), c)'],
    ['a < b', 'lt(a, b)'],
    ['a <= b', 'lte(a, b)'],
    ['a > b', 'gt(a, b)'],
    ['a >= b', 'gte(a, b)'],
    ['a != b', 'neq(a, b)'],
    ['x in xs', 'internal.member_2(x, xs)'],
    ['x + 1 in xs | ys', 'internal.member_2(plus(x, 1), or(xs, ys))'],
    ['k, v in {"a": 1}', 'internal.member_3(k, v, {"a": 1})'],
    ['x in xs == false', 'internal.member_2(x, equal(xs, false))'],
    ['1 - -1', 'minus(1, -1)'],
    // A binary operator at the end of a line continues the expression.
    ['x := 1 +\n  2', 'x := plus(1, 2)'],
  ];
  it.each(valid)('%j', (source, expected) => {
    expect(query(source)).toBe(expected);
  });
});

describe('parseQuery', () => {
  const valid: Array<[string, string]> = [
    ['data.test.p = x', 'data.test.p = x'],
    ['x := data.a; x > 1', 'x := data.a; gt(x, 1)'],
    ['x := 1\n\ny := 2 # done', 'x := 1; y := 2'],
    ['[a, b] := [1, 2]', '[a, b] := [1, 2]'],
    ['not input.x', 'not input.x'],
    ['not x in xs', 'not internal.member_2(x, xs)'],
    ['y := x in xs', 'y := internal.member_2(x, xs)'],
    [
      'not data.p with input as {} with data.q as 1',
      'not data.p with input as {} with data.q as 1',
    ],
    ['f(1) with f as g\n  with input.x as [1]', 'f(1) with f as g with input.x as [1]'],
    ['some x, y', 'some x, y'],
    ['some _', 'some $_0'],
    ['some x in xs', 'some x in xs'],
    ['some k, v in xs', 'some k, v in xs'],
    ['some [a, b] in pairs', 'some [a, b] in pairs'],
    ['every x in xs { x > 0 }', 'every x in xs { gt(x, 0) }'],
    ['every k, v in o {\n  k != v\n  v\n}', 'every k, v in o { neq(k, v); v }'],
    ['x := {"a": [1 | true]}', 'x := {"a": [1 | true]}'],
    ['[x, y] = [1,\n  2]', '[x, y] = [1, 2]'],
    ['_ = 1; _ = 2', '$_0 = 1; $_1 = 2'],
    ['not.x', 'not.x'],
  ];
  it.each(valid)('%j', (source, expected) => {
    expect(query(source)).toBe(expected);
  });

  it('builds the expression kinds of the syntax tree', () => {
    const [some, every, assign] = parseQuery('some k, v in o; every x in xs { x }; a := 1');
    expect(some).toMatchObject({ kind: 'somein', key: { name: 'k' }, value: { name: 'v' } });
    expect(every).toMatchObject({ kind: 'every', key: null, value: { name: 'x' } });
    expect(assign).toMatchObject({ kind: 'assign', negated: false, with: [] });
  });

  it('locates each expression at its first token', () => {
    const exprs = parseQuery('x := 1\n  not y', 'q.rego');
    expect(exprs.map((e) => e.loc)).toEqual([
      { file: 'q.rego', line: 1, column: 1 },
      { file: 'q.rego', line: 2, column: 3 },
    ]);
  });
});

describe('parse errors', () => {
  const invalid: Array<[string, string]> = [
    ['x := }', 'q:1:6: rego_parse_error: unexpected "}" token: expected a term'],
    ['x = [1, 2', 'q:1:10: rego_parse_error: unexpected end of input: expected "," or "]"'],
    // Two expressions on one line need a separator.
    ['x := 1 y := 2', 'q:1:8: rego_parse_error: unexpected identifier "y": expected a newline'],
    ['x := 007', 'q:1:6: rego_parse_error: unexpected number 007: expected a number without'],
    // OPA has no unary minus on terms, only negative number literals.
    ['x := -y', 'q:1:7: rego_parse_error: unexpected identifier "y": expected a number'],
    ['not some x', 'q:1:5: rego_parse_error: illegal negation of "some"'],
    ['x with 1 as 2', 'q:1:8: rego_parse_error: unexpected number 1: expected a with target'],
    ['x with y 2', 'q:1:10: rego_parse_error: unexpected number 2: expected "as"'],
    ['every x in xs', 'q:1:14: rego_parse_error: unexpected end of input: expected "{"'],
    ['every 1 in xs { true }', 'q:1:7: rego_parse_error: expected variables before "in"'],
    ['every x { true }', 'q:1:7: rego_parse_error: expected `x in xs`'],
    ['some 1', 'q:1:6: rego_parse_error: unexpected number 1: expected a variable'],
    // Ref steps must touch: `a.b [1]` is two terms, so an error in a body.
    ['a.b [1]', 'q:1:5: rego_parse_error: unexpected "[" token: expected a newline'],
    ['input.x.', 'q:1:9: rego_parse_error: unexpected end of input: expected an identifier'],
    ['f (x)', 'q:1:3: rego_parse_error: unexpected "(" token: expected a newline'],
    ['"s".x', 'q:1:1: rego_parse_error: illegal ref (head cannot be string)'],
    ['a[0](1)', 'q:1:1: rego_parse_error: illegal call'],
    ['x := if', 'q:1:6: rego_parse_error: unexpected "if" keyword: expected a term'],
    ['x := [1 | ]', 'q:1:11: rego_parse_error: found empty body'],
    ['', 'q:1:1: rego_parse_error: found empty body'],
    ['x := 1;', 'q:1:8: rego_parse_error: unexpected end of input: expected a term'],
    ['{1: 2, 3}', 'q:1:9: rego_parse_error: unexpected "}" token: expected ":"'],
    ['x := 1e40000', 'q:1:6: rego_parse_error: number too big'],
  ];
  it.each(invalid)('%j', (source, message) => {
    let caught: unknown;
    try {
      parseQuery(source, 'q');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RegoError);
    expect((caught as RegoError).code).toBe('rego_parse_error');
    expect((caught as RegoError).message).toContain(message);
  });

  it('parses deep nesting in linear time', () => {
    const depth = 300;
    const started = performance.now();
    const nested = parseTerm('['.repeat(depth) + ']'.repeat(depth));
    expect(nested.type).toBe('array');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('fails closed on nesting deeper than the stack allows', () => {
    expect(() => parseTerm('{"a": '.repeat(5_000))).toThrow('max parsing recursion depth exceeded');
  });

  it('reports the place in the error fields too', () => {
    const error = (() => {
      try {
        parseTerm('[1,\n  ]]', 'in.rego');
      } catch (e) {
        return e as RegoError;
      }
      return undefined;
    })();
    expect(error?.loc).toEqual({ file: 'in.rego', line: 2, column: 4 });
    expect(error?.detail).toBe('unexpected "]" token: expected end of input');
  });
});
