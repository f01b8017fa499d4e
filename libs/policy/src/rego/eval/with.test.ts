import { describe, expect, it } from 'vitest';
import { compileModules } from '../engine.js';
import { toJSON } from '../value.js';

const policy = compileModules([
  {
    file: 'lib.rego',
    source: `package lib

double(x) := x * 2

count_plus_one(x) := count(x) + 1

limit := data.config.limit
`,
  },
  {
    file: 'p.rego',
    source: `package t

import data.lib

allow if input.user == "root"
over if input.n > lib.limit
twice := lib.double(input.n)
size := count(input.xs)
p := 1
q := p + 1
`,
  },
]);

function value(query: string, input?: unknown, data?: unknown): unknown {
  const rows = policy.evaluate(query, { input, data: data ?? { config: { limit: 10 } } });
  return rows.map((row) => toJSON(row.x as never));
}

describe('with modifiers', () => {
  const cases = [
    {
      name: 'replaces the input',
      query: 'x := data.t.allow with input as {"user": "root"}',
      want: [true],
    },
    {
      name: 'replaces one path of the input',
      query: 'x := data.t.over with input.n as 11',
      input: { n: 1 },
      want: [true],
    },
    {
      name: 'replaces base data a rule reads',
      query: 'x := data.t.over with data.config.limit as 0',
      input: { n: 1 },
      want: [true],
    },
    {
      name: 'replaces the value of a rule',
      query: 'x := data.t.q with data.t.p as 10',
      want: [11],
    },
    {
      name: 'replaces a user function by another function',
      query: 'x := data.t.twice with data.lib.double as count',
      input: { n: 'abc' },
      want: [3],
    },
    {
      name: 'replaces a builtin by a value',
      query: 'x := data.t.size with count as 42',
      input: { xs: [] },
      want: [42],
    },
    {
      // boundary: the modifier applies to its expression only, not to the next one
      name: 'leaves the next expression untouched',
      query: 'data.t.allow with input as {"user": "root"}; x := data.t.allow',
      input: { user: 'bob' },
      want: [],
    },
    {
      // boundary: cached rule values from inside the modifier must not leak out
      name: 'does not leak rule values cached inside it',
      query: 'a := data.t.q with data.t.p as 10; x := data.t.q',
      want: [2],
    },
    {
      name: 'lets a replacement call the function it replaces',
      query: 'x := data.t.size with count as data.lib.count_plus_one',
      input: { xs: [1, 2] },
      want: [3],
    },
    {
      // count is replaced too, but the replacement of double calls the real count
      name: 'never lets a replacement call another replacement',
      query: 'x := data.t.twice with data.lib.double as data.lib.count_plus_one with count as 100',
      input: { n: [1, 2] },
      want: [3],
    },
  ];

  it.each(cases)('$name', ({ query, input, want }) => {
    expect(value(query, input)).toEqual(want);
  });
});
