/**
 * One row per Rego v1 construct the engine promises (issue 3, "The engine"): small
 * modules, a query, and the solutions or the error they must give.
 */
import { describe, expect, it } from 'vitest';
import { compileModules } from './engine.js';
import { RegoError } from './errors.js';
import { stringify, toJSON } from './value.js';

interface Row {
  construct: string;
  /** Module sources; each gets its own file, m0.rego, m1.rego, … */
  modules: string[];
  query: string;
  input?: unknown;
  data?: unknown;
  /** Every solution as JSON (integers beyond 2^53 as strings); [] means undefined. */
  want?: unknown[];
  /** Instead of want: the Rego text of variable `x` in the only solution (shows order). */
  text?: string;
  /** Instead of want: the error's code and a part of its message. */
  error?: [string, string];
}

function solve(row: Row): unknown {
  try {
    const files = row.modules.map((source, i) => ({ file: `m${i}.rego`, source }));
    const rows = compileModules(files).evaluate(row.query, { input: row.input, data: row.data });
    if (row.text !== undefined) return rows.map((r) => (r.x === undefined ? '' : stringify(r.x)));
    return rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toJSON(v, 'string')])),
    );
  } catch (error) {
    if (!(error instanceof RegoError)) throw error;
    return { code: error.code, message: error.message };
  }
}

const rows: Row[] = [
  {
    construct: 'package with a dotted and a bracketed path',
    modules: ['package a.b["c-d"]\np := 1'],
    query: 'x := data.a.b["c-d"].p',
    want: [{ x: 1 }],
  },
  {
    construct: 'packages: two modules share one package, a third nests below it',
    modules: ['package a\np := 1', 'package a\nq := 2', 'package a.b\nr := 3'],
    query: 'x := data.a',
    want: [{ x: { p: 1, q: 2, b: { r: 3 } } }],
  },
  {
    construct: 'imports of data with an alias and of input',
    modules: [
      'package lib.util\ndouble(n) := n * 2',
      'package a\nimport data.lib.util as u\nimport input.user\np := u.double(user.n)',
    ],
    query: 'x := data.a.p',
    input: { user: { n: 21 } },
    want: [{ x: 42 }],
  },
  {
    construct: 'import rego.v1 and future.keywords are accepted',
    modules: ['package a\nimport rego.v1\nimport future.keywords.in\np if 1 in [1]'],
    query: 'x := data.a.p',
    want: [{ x: true }],
  },
  {
    construct: 'complete rule',
    modules: ['package a\nallow if input.user == "ann"'],
    query: 'x := data.a.allow',
    input: { user: 'ann' },
    want: [{ x: true }],
  },
  {
    construct: 'partial set rule',
    modules: ['package a\nnames contains n if { some u in input.users; n := u.name }'],
    query: 'x := data.a.names',
    input: { users: [{ name: 'b' }, { name: 'a' }, { name: 'b' }] },
    want: [{ x: ['a', 'b'] }],
  },
  {
    construct: 'partial object rule',
    modules: ['package a\nby_id[u.id] := u.name if some u in input.users'],
    query: 'x := data.a.by_id',
    input: { users: [{ id: 'k1', name: 'a' }] },
    want: [{ x: { k1: 'a' } }],
  },
  {
    construct: 'ref head a.b[x] contains y',
    modules: ['package a\nteams.by[g] contains u if some u, g in input.member_of'],
    query: 'x := data.a.teams',
    input: { member_of: { ann: 'ops', bob: 'ops', cy: 'dev' } },
    want: [{ x: { by: { dev: ['cy'], ops: ['ann', 'bob'] } } }],
  },
  {
    construct: 'default applies when no rule body holds',
    modules: ['package a\ndefault allow := false\nallow if input.ok'],
    query: 'x := data.a.allow',
    input: {},
    want: [{ x: false }],
  },
  {
    construct: 'else chain takes the first branch that holds',
    modules: [
      'package a\nlevel := "high" if input.n > 10\nelse := "mid" if input.n > 5\nelse := "low"',
    ],
    query: 'x := data.a.level',
    input: { n: 7 },
    want: [{ x: 'mid' }],
  },
  {
    construct: 'function with several definitions, one per argument pattern',
    modules: ['package a\nf([x, y]) := x + y\nf({"v": v}) := v\nf(s) := 0 if is_string(s)'],
    query: 'x := [data.a.f([1, 2]), data.a.f({"v": 9}), data.a.f("s")]',
    want: [{ x: [3, 9, 0] }],
  },
  {
    // boundary: two definitions may both hold if they agree
    construct: 'function definitions that agree are no conflict',
    modules: ['package a\nf(x) := 1 if x > 0\nf(x) := 1 if x > 1'],
    query: 'x := data.a.f(5)',
    want: [{ x: 1 }],
  },
  {
    construct: 'function definitions that disagree are a conflict',
    modules: ['package a\nf(x) := 1 if x > 0\nf(x) := 2 if x > 1'],
    query: 'x := data.a.f(5)',
    error: ['eval_conflict_error', 'functions must not produce multiple outputs'],
  },
  {
    construct: 'array comprehension keeps order and duplicates',
    modules: ['package a\np := [x | some x in input.xs; x > 1]'],
    query: 'x := data.a.p',
    input: { xs: [3, 1, 2, 3] },
    want: [{ x: [3, 2, 3] }],
  },
  {
    construct: 'set comprehension',
    modules: ['package a\np := {x | some x in input.xs}'],
    query: 'x := data.a.p',
    input: { xs: [3, 1, 3] },
    want: [{ x: [1, 3] }],
  },
  {
    // As in OPA (issue 4215), `{k: v * 10 | …}` reads `10 | some…` as a union: bind first.
    construct: 'object comprehension',
    modules: ['package a\np := {k: y | some k, v in input.m; y := v * 10}'],
    query: 'x := data.a.p',
    input: { m: { a: 1, b: 2 } },
    want: [{ x: { a: 10, b: 20 } }],
  },
  {
    construct: 'not of an undefined reference holds',
    modules: ['package a\ndeny if not input.admin'],
    query: 'x := data.a.deny',
    input: {},
    want: [{ x: true }],
  },
  {
    construct: 'with on input',
    modules: ['package a\np := input.n + 1'],
    query: 'x := data.a.p with input as {"n": 2}',
    want: [{ x: 3 }],
  },
  {
    construct: 'with on data (base document)',
    modules: ['package a\np := data.cfg.n'],
    query: 'x := data.a.p with data.cfg.n as 7',
    data: { cfg: { n: 1 } },
    want: [{ x: 7 }],
  },
  {
    construct: 'with on a user function',
    modules: ['package a\nf(x) := x\nmock(_) := 9\np := f(1)'],
    query: 'x := data.a.p with data.a.f as data.a.mock',
    want: [{ x: 9 }],
  },
  {
    construct: 'with on a builtin, replaced by a value',
    modules: ['package a\np := count([1])'],
    query: 'x := data.a.p with count as 5',
    want: [{ x: 5 }],
  },
  {
    construct: ':= declares a local once',
    modules: ['package a\np if { x := 1; x := 2 }'],
    query: 'x := data.a.p',
    error: ['rego_compile_error', 'var x assigned above'],
  },
  {
    construct: '= unifies both sides',
    modules: ['package a\np := [a, b] if [a, 2] = [1, b]'],
    query: 'x := data.a.p',
    want: [{ x: [1, 2] }],
  },
  {
    // boundary: 1 and 1.0 are the same number
    construct: '== compares values, numbers by value',
    modules: ['package a\np if { 1 == 1.0; [1, {"a": 2}] == [1, {"a": 2}]; "1" != 1 }'],
    query: 'x := data.a.p',
    want: [{ x: true }],
  },
  {
    // boundary: integers past 2^63 stay exact
    construct: 'arithmetic, with exact large integers',
    modules: ['package a\np := [7 % 3, 7 / 2, 2 * 3, 1 - 4, 9223372036854775807 + 1]'],
    query: 'x := data.a.p',
    want: [{ x: [1, 3.5, 6, -3, '9223372036854775808'] }],
  },
  {
    construct: 'set operators: intersection, union, difference',
    modules: ['package a\ni := {1, 2, 3} & {2, 3, 4}\nu := {1, 2} | {3}\nd := {1, 2, 3} - {2}'],
    query: 'i := data.a.i; u := data.a.u; d := data.a.d',
    want: [{ i: [2, 3], u: [1, 2, 3], d: [1, 3] }],
  },
  {
    // boundary: undefined is no solution at all, not false, and not an error
    construct: 'undefined: a missing reference makes the rule undefined',
    modules: ['package a\np if input.a.b.c == 1'],
    query: 'x := data.a.p',
    input: { a: 1 },
    want: [],
  },
  {
    construct: 'undefined: an empty comprehension is defined and empty',
    modules: ['package a\np := [x | x := input.missing]'],
    query: 'x := data.a.p',
    want: [{ x: [] }],
  },
  {
    construct: 'eval_conflict_error for a complete rule with two values',
    modules: ['package a\np := 1\np := 2'],
    query: 'x := data.a.p',
    error: ['eval_conflict_error', 'rule data.a.p produced conflicting values'],
  },
  {
    construct: 'eval_conflict_error for one key with two values',
    modules: ['package a\np[k] := v if { k := "a"; some v in [1, 2] }'],
    query: 'x := data.a.p',
    error: ['eval_conflict_error', 'object keys must be unique'],
  },
  {
    // null < booleans < numbers < strings < arrays < objects < sets
    construct: "OPA's sort order for a set in output",
    modules: ['package a\np := {"b", 1, [1], false, null, {"x"}, {"k": 1}, true, "a"}'],
    query: 'x := data.a.p',
    text: '{null, false, true, 1, "a", "b", [1], {"k": 1}, {"x"}}',
  },
  {
    // boundary: keys sort as strings, so "10" comes before "9"; numbers before strings
    construct: "OPA's sort order for object keys in output",
    modules: ['package a\np := {"b": 1, "a": 2, "9": 3, "10": 4, 2: 5}'],
    query: 'x := data.a.p',
    text: '{2: 5, "10": 4, "9": 3, "a": 2, "b": 1}',
  },
  {
    construct: 'some … in with key and value',
    modules: ['package a\np contains [k, v] if some k, v in input.m'],
    query: 'x := data.a.p',
    input: { m: { a: 1, b: 2 } },
    want: [
      {
        x: [
          ['a', 1],
          ['b', 2],
        ],
      },
    ],
  },
  {
    construct: 'some x in as a membership test',
    modules: ['package a\np if "b" in input.xs\nq if some "z" in input.xs'],
    query: 'x := [data.a.p]; not data.a.q',
    input: { xs: ['a', 'b'] },
    want: [{ x: [true] }],
  },
  {
    construct: 'every holds for all members',
    modules: ['package a\nok if every k, v in input.m { startswith(k, "x"); v > 0 }'],
    query: 'x := data.a.ok',
    input: { m: { xa: 1, xb: 2 } },
    want: [{ x: true }],
  },
  {
    construct: 'every fails on one counterexample',
    modules: ['package a\nok if every v in input.xs { v > 0 }'],
    query: 'x := data.a.ok',
    input: { xs: [1, -1] },
    want: [],
  },
];

describe('Rego v1 constructs', () => {
  it.each(rows)('$construct', (row) => {
    const got = solve(row);
    if (row.error !== undefined) {
      expect(got).toMatchObject({ code: row.error[0] });
      expect((got as { message: string }).message).toContain(row.error[1]);
    } else if (row.text !== undefined) {
      expect(got).toEqual([row.text]);
    } else {
      expect(got).toEqual(row.want);
    }
  });
});

describe('parse and compile errors name file, line, column and what was expected', () => {
  const invalid: Array<{ name: string; source: string; message: string }> = [
    {
      name: 'an unfinished expression',
      source: 'package a\np := sum([1, 2]) +',
      message: 'm0.rego:2:19: rego_parse_error: unexpected end of input: expected a term',
    },
    {
      name: 'an unclosed array',
      source: 'package a\np := [1, 2',
      message: 'm0.rego:2:11: rego_parse_error: unexpected end of input: expected "," or "]"',
    },
    {
      name: 'a v0 body without if',
      source: 'package a\n\np { true }',
      message: 'm0.rego:3:3: rego_parse_error: `if` keyword is required before rule body',
    },
    {
      name: 'an unknown builtin',
      source: 'package a\n\np := io.jwt.nope(1)',
      message: 'm0.rego:3:6: rego_compile_error: undefined function io.jwt.nope',
    },
    {
      name: 'an unknown user function',
      source: 'package a\n\np := data.lib.double(2)',
      message: 'm0.rego:3:6: rego_compile_error: undefined function data.lib.double',
    },
    {
      name: 'an unsafe variable',
      source: 'package a\n\np := q',
      message: 'm0.rego:3:1: rego_compile_error: var q is unsafe',
    },
    {
      name: 'a rule that is both a set and a single value',
      source: 'package a\np contains 1\np := 2',
      message: 'm0.rego:3:1: rego_compile_error: conflicting rules data.a.p found',
    },
  ];

  it.each(invalid)('$name', ({ source, message }) => {
    expect(() => compileModules([{ file: 'm0.rego', source }])).toThrow(message);
  });
});
