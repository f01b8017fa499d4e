import { describe, expect, it } from 'vitest';
import { compileModules } from '../engine.js';
import { RegoError } from '../errors.js';
import { MAX_MATCH_SUBJECT, nestedRepetition, subjectLimit } from './regex-guard.js';
import { translateRe2 } from './regex-syntax.js';

function refusal(re2: string): string | undefined {
  return nestedRepetition(translateRe2(re2).source);
}

describe('nestedRepetition', () => {
  const accepted = [
    '^[a-z0-9-]+\\.example\\.com$',
    'eval\\s*\\(',
    '(ab)+',
    '(a+)?',
    // boundary: {0,1} and {1} repeat at most once, so what they wrap may repeat
    '(a+){0,1}',
    '(a*){1}',
    '(foo|bar)',
    '(?i)^(?P<user>[a-z]+)@(?:corp|ops)\\.example$',
    '[(a+)+]',
    '\\(a+\\)+',
    '\\Astart\\z',
  ];
  it.each(accepted)('accepts %j', (pattern) => {
    expect(refusal(pattern)).toBeUndefined();
  });

  const refused = [
    '(a+)+$',
    '(a*)*',
    '(a|ab)*c',
    '(\\w+\\s?)*$',
    '(?:x+y?){2,}',
    '(a{1,3}){2,5}',
    // boundary: the repetition inside may sit in a nested group
    '((ab)+c)*',
    '^(\\.[a-z]+)*$',
  ];
  it.each(refused)('refuses %j', (pattern) => {
    expect(refusal(pattern)).toBe('a repeated group contains a quantifier or an alternation');
  });
});

describe('subjectLimit', () => {
  // n^(r+1) ≤ 2^27 for r repetitions, and never above 8,192 characters.
  const rows: Array<[string, number]> = [
    ['eval\\(', 8192],
    ['eval\\s*\\(', 8192],
    // boundary: an exact count and quantifier characters in a class or escaped repeat nothing
    ['\\d{3}-[*+]\\*', 8192],
    ['a*a*b', 512],
    ['^[a-z]+@[a-z]+\\.com$', 512],
    ['a*a*a*b', 107],
    ['a{1,9}b+c*d+', 42],
  ];
  it.each(rows)('%j may run on %i characters', (re2, limit) => {
    const { source, flags } = translateRe2(re2);
    expect(subjectLimit(new RegExp(source, flags))).toBe(limit);
  });
});

function evaluate(module: string, input: unknown): unknown {
  const policy = compileModules([{ file: 'p.rego', source: `package t\n\n${module}` }]);
  try {
    return policy.evaluate('x := data.t.p', { input, timeBudgetMs: 10_000 });
  } catch (error) {
    return error;
  }
}

function expectAbort(result: unknown, code: string, text: string): void {
  expect(result).toBeInstanceOf(RegoError);
  expect((result as RegoError).code).toBe(code);
  expect((result as RegoError).message).toContain(text);
}

describe('regex and glob builtins under the guard', () => {
  const longest = 'a'.repeat(MAX_MATCH_SUBJECT);
  const calls = [
    'regex.match("a+", input.s)',
    're_match("a+", input.s)',
    'regex.find_n("a", input.s, 1)',
    'regex.find_all_string_submatch_n("(a)", input.s, 1)',
    'regex.split("b", input.s)',
    'regex.replace(input.s, "b", "c")',
    'regex.template_match("{a+}", input.s, "{", "}")',
    'glob.match("a*", [], input.s)',
  ];

  // boundary: the longest allowed subject is matched; one character more fails closed
  it.each(calls)('%s matches a subject at the limit and aborts past it', (call) => {
    const module = `p := ${call}`;
    expect(evaluate(module, { s: longest })).toHaveLength(1);
    expectAbort(evaluate(module, { s: `${longest}a` }), 'eval_budget_error', 'exceeds the limit');
  });

  it('aborts, not "no match", when a deny rule uses a refused pattern', () => {
    const module = 'default p := "allow"\np := "deny" if regex.match("(a+)+$", input.s)';
    const result = evaluate(module, { s: `${'a'.repeat(40)}!` });
    expectAbort(result, 'eval_builtin_error', 'regex.match: pattern refused');
    expectAbort(result, 'eval_builtin_error', '`(a+)+$`');
  });

  it('keeps regex.is_valid true for a refused pattern, which is valid RE2', () => {
    expect(evaluate('p := regex.is_valid("(a+)+")', {})).toEqual([{ x: true }]);
  });

  // Unguarded, `a*a*b` on 2,048 a's took 4.7 s and `a*a*a*b` on 512 took 50 s.
  const slow: Array<[string, number]> = [
    ['[a-z]+@', MAX_MATCH_SUBJECT],
    ['a*a*b', 512],
    ['a*a*a*b', 107],
  ];
  it.each(slow)('bounds %j on the longest subject it accepts (%i)', (re2, length) => {
    const module = `p := regex.match(${JSON.stringify(re2)}, input.s)`;
    const started = performance.now();
    expect(evaluate(module, { s: 'a'.repeat(length) })).toEqual([{ x: false }]);
    expect(performance.now() - started).toBeLessThan(1_000);
    expectAbort(evaluate(module, { s: 'a'.repeat(length + 1) }), 'eval_budget_error', 'limit');
  });
});
