import { describe, expect, it } from 'vitest';
import { compileModules } from './engine.js';
import { toJSON } from './value.js';

interface Case {
  name: string;
  module: string;
  query: string;
  input?: unknown;
  data?: unknown;
  /** Every solution's bindings, as plain JSON; [] means undefined. */
  want: unknown[];
}

function run(module: string, query: string, input?: unknown, data?: unknown): unknown[] {
  const policy = compileModules([{ file: 'p.rego', source: `package t\n\n${module}` }]);
  return policy
    .evaluate(query, { input, data })
    .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toJSON(v)])));
}

const cases: Case[] = [
  {
    name: 'complete rule with a body reading input',
    module: 'allow if input.user == "alice"',
    query: 'data.t.allow = x',
    input: { user: 'alice' },
    want: [{ x: true }],
  },
  {
    // boundary: an undefined rule gives no solution at all, not false
    name: 'complete rule whose body fails is undefined',
    module: 'allow if input.user == "alice"',
    query: 'data.t.allow = x',
    input: { user: 'bob' },
    want: [],
  },
  {
    name: 'default value when no rule applies',
    module: 'default allow := false\nallow if input.ok',
    query: 'data.t.allow = x',
    input: {},
    want: [{ x: false }],
  },
  {
    name: 'else chain takes the first branch that holds',
    module: 'level := "high" if input.n > 10\nelse := "mid" if input.n > 5\nelse := "low"',
    query: 'data.t.level = x',
    input: { n: 7 },
    want: [{ x: 'mid' }],
  },
  {
    name: 'partial set collects every member',
    module: 'names contains n if { some u in input.users; n := u.name }',
    query: 'data.t.names = x',
    input: { users: [{ name: 'b' }, { name: 'a' }, { name: 'b' }] },
    want: [{ x: ['a', 'b'] }],
  },
  {
    name: 'partial object keyed by a variable',
    module: 'by_id[u.id] := u.name if some u in input.users',
    query: 'data.t.by_id = x',
    input: { users: [{ id: 'x1', name: 'a' }] },
    want: [{ x: { x1: 'a' } }],
  },
  {
    name: 'ref head with a variable in the middle',
    module: 'a.b[k].c := v if some k, v in input.m',
    query: 'data.t.a = x',
    input: { m: { one: 1 } },
    want: [{ x: { b: { one: { c: 1 } } } }],
  },
  {
    name: 'ref head partial set',
    module: 'groups[g] contains u if some u, g in input.member_of',
    query: 'data.t.groups = x',
    input: { member_of: { ann: 'ops', bob: 'ops', cy: 'dev' } },
    want: [{ x: { dev: ['cy'], ops: ['ann', 'bob'] } }],
  },
  {
    name: 'functions with pattern arguments and several definitions',
    module: 'f([x, y]) := x + y\nf({"v": v}) := v',
    query: 'a := data.t.f([1, 2]); b := data.t.f({"v": 9})',
    want: [{ a: 3, b: 9 }],
  },
  {
    name: 'a call with an extra output argument binds it',
    module: 'n := c if count([1, 2, 3], c)',
    query: 'data.t.n = x',
    want: [{ x: 3 }],
  },
  {
    name: 'iteration over a virtual document enumerates its rules',
    module: 'p := 1\nq := 2\nr if false',
    query: 'data.t[k] = v',
    want: [
      { k: 'p', v: 1 },
      { k: 'q', v: 2 },
    ],
  },
  {
    name: 'data.pkg omits undefined rules and functions',
    module: 'p := 1\nr if false\nf(x) := x',
    query: 'data.t = x',
    want: [{ x: { p: 1 } }],
  },
  {
    name: 'base data and rules merge under data',
    module: 'p := data.limits.max + 1',
    query: 'data.t.p = x',
    data: { limits: { max: 4 } },
    want: [{ x: 5 }],
  },
  {
    name: 'not of a single expression',
    module: 'deny if not input.admin',
    query: 'data.t.deny = x',
    input: { admin: false },
    want: [{ x: true }],
  },
  {
    name: 'every holds for all members',
    module: 'ok if every x in input.xs { x > 0 }',
    query: 'data.t.ok = x',
    input: { xs: [1, 2] },
    want: [{ x: true }],
  },
  {
    // boundary: every over an empty collection holds
    name: 'every over an empty array holds',
    module: 'ok if every x in input.xs { x > 0 }',
    query: 'data.t.ok = x',
    input: { xs: [] },
    want: [{ x: true }],
  },
  {
    // boundary: a domain that is not a collection, or is undefined, makes every fail
    name: 'every over a number fails',
    module: 'ok if every x in input.xs { x > 0 }',
    query: 'data.t.ok = x',
    input: { xs: 3 },
    want: [],
  },
  {
    name: 'every over an undefined domain fails',
    module: 'ok if every x in input.missing { x > 0 }',
    query: 'data.t.ok = x',
    input: {},
    want: [],
  },
  {
    name: 'every fails on one counterexample',
    module: 'ok if every x in input.xs { x > 0 }',
    query: 'data.t.ok = x',
    input: { xs: [1, -1] },
    want: [],
  },
  {
    name: 'comprehensions of each kind',
    module:
      'a := [x | some x in input.xs; x > 1]\ns := {x | some x in input.xs}\n' +
      'o := {k: v | some k, v in input.xs}',
    query: 'data.t.a = a; data.t.s = s; data.t.o = o',
    input: { xs: [1, 2, 2] },
    want: [{ a: [2, 2], s: [1, 2], o: { '0': 1, '1': 2, '2': 2 } }],
  },
  {
    name: 'unification binds both sides of array patterns',
    module: 'p := [a, b] if [a, 2] = [1, b]',
    query: 'data.t.p = x',
    want: [{ x: [1, 2] }],
  },
  {
    name: 'expressions are reordered so bindings come first',
    module: 'p := y if { y > 1; y = input.n }',
    query: 'data.t.p = x',
    input: { n: 5 },
    want: [{ x: 5 }],
  },
  {
    name: 'query variables iterate a base document',
    module: 'p := 1',
    query: 'data.xs[i] = v',
    data: { xs: ['a', 'b'] },
    want: [
      { i: 0, v: 'a' },
      { i: 1, v: 'b' },
    ],
  },
  {
    name: 'an undefined reference fails the expression, not the evaluation',
    module: 'p if input.a.b.c == 1',
    query: 'data.t.p = x',
    input: { a: 1 },
    want: [],
  },
];

describe('evaluate', () => {
  it.each(cases)('$name', ({ module, query, input, data, want }) => {
    expect(run(module, query, input, data)).toEqual(want);
  });
});

describe('evaluateRef', () => {
  const policy = compileModules([
    { file: 'p.rego', source: 'package gw\n\ndefault allow := false\nallow if input.ok' },
  ]);

  it.each([
    { path: 'data.gw.allow', input: { ok: true }, want: true },
    { path: 'gw.allow', input: {}, want: false },
    // boundary: a path that names nothing is undefined, not an error
    { path: 'data.gw.missing', input: {}, want: undefined },
  ])('$path', ({ path, input, want }) => {
    const value = policy.evaluateRef(path, { input });
    expect(value === undefined ? undefined : toJSON(value)).toEqual(want);
  });

  it('keeps separate evaluations independent', () => {
    expect(policy.evaluateRef('data.gw.allow', { input: { ok: true } })).toBe(true);
    expect(policy.evaluateRef('data.gw.allow', { input: { ok: false } })).toBe(false);
  });
});
