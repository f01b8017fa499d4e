import { describe, expect, it } from 'vitest';
import { compileModules } from '../engine.js';
import { toJSON } from '../value.js';

const policy = compileModules([
  {
    file: 'a.rego',
    source: `package app

users[name].roles contains role if {
  some name, roles in input.assign
  some role in roles
}

limits.cpu := 2
limits.memory := data.defaults.memory

flags[f] := true if some f in input.flags

admin if "admin" in users.alice.roles
`,
  },
  { file: 'b.rego', source: 'package app.nested\n\nq := 1\nundefined_rule if false\n' },
]);

const input = { assign: { alice: ['admin', 'dev'], bob: ['dev'] }, flags: ['x'] };
const data = { defaults: { memory: 64 }, app: { base_only: 'b' } };

function one(query: string): unknown {
  return policy.evaluate(query, { input, data }).map((row) => toJSON(row.x as never));
}

describe('virtual documents', () => {
  const cases = [
    {
      name: 'a ref head partial set builds nested objects',
      query: 'x := data.app.users',
      want: [{ alice: { roles: ['admin', 'dev'] }, bob: { roles: ['dev'] } }],
    },
    { name: 'a rule reads into another rule value', query: 'x := data.app.admin', want: [true] },
    {
      name: 'static ref heads merge under one key',
      query: 'x := data.app.limits',
      want: [{ cpu: 2, memory: 64 }],
    },
    {
      name: 'a package merges its rules, sub-packages and base data',
      query: 'x := data.app.nested',
      want: [{ q: 1 }],
    },
    { name: 'base data beside rules stays visible', query: 'x := data.app.base_only', want: ['b'] },
    {
      name: 'iteration over a package enumerates rule names',
      query: 'some k; data.app.nested[k]; x := k',
      want: ['q'],
    },
    {
      // boundary: an undefined rule is absent from its package, not null
      name: 'an undefined rule is omitted',
      query: 'x := object.get(data.app.nested, "undefined_rule", "absent")',
      want: ['absent'],
    },
    {
      name: 'with replaces one key of a partial object',
      query: 'x := data.app.flags with data.app.flags.y as false',
      want: [{ x: true, y: false }],
    },
    {
      name: 'a missing key of a rule value is undefined',
      query: 'x := data.app.limits.gpu',
      want: [],
    },
  ];

  it.each(cases)('$name', ({ query, want }) => {
    expect(one(query)).toEqual(want);
  });
});
