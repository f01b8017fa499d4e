import { describe, expect, it } from 'vitest';
import type { ConformanceCase } from './cases.js';
import { runCase } from './run-case.js';

const base: ConformanceCase = {
  category: 'demo',
  file: 'demo/a.yaml',
  note: 'demo',
  query: 'data.t.p = x',
  modules: ['package t\n\np := input.n + 1'],
  input: { n: 1 },
  strictError: false,
  sortBindings: false,
};

describe('runCase', () => {
  const cases: Array<{ name: string; change: Partial<ConformanceCase>; pass: boolean }> = [
    { name: 'matching result', change: { wantResult: [{ x: 2 }] }, pass: true },
    { name: 'different result', change: { wantResult: [{ x: 3 }] }, pass: false },
    // boundary: [] means the query must be undefined
    { name: 'undefined expected and got', change: { input: {}, wantResult: [] }, pass: true },
    {
      name: 'set compared as a sorted list',
      change: { modules: ['package t\n\np := {3, 1, 2}'], wantResult: [{ x: [1, 2, 3] }] },
      pass: true,
    },
    {
      name: 'list order ignored with sort_bindings',
      change: {
        modules: ['package t\n\np := [3, 1, 2]'],
        wantResult: [{ x: [1, 2, 3] }],
        sortBindings: true,
      },
      pass: true,
    },
    {
      name: 'input given as a Rego term',
      change: { input: undefined, inputTerm: '{"n": 41}', wantResult: [{ x: 42 }] },
      pass: true,
    },
    {
      name: 'error matched by code and text in OPA form',
      change: {
        modules: ['package t\n\np := 1 / input.n'],
        input: { n: 0 },
        strictError: true,
        wantErrorCode: 'eval_builtin_error',
        wantError: 'test-0.rego:3: eval_builtin_error: div: divide by zero',
      },
      pass: true,
    },
    {
      name: 'error expected but a result came',
      change: { wantErrorCode: 'eval_conflict_error' },
      pass: false,
    },
    { name: 'want_defined', change: { wantDefined: true }, pass: true },
  ];

  it.each(cases)('$name', ({ change, pass }) => {
    expect(runCase({ ...base, ...change }).pass).toBe(pass);
  });
});
