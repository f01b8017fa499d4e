import { describe, expect, it } from 'vitest';
import { compileModules } from './engine.js';
import type { EvaluateOptions } from './engine.js';
import { RegoError } from './errors.js';

function evaluate(module: string, query: string, options: EvaluateOptions = {}): unknown {
  const policy = compileModules([{ file: 'p.rego', source: `package t\n\n${module}` }]);
  try {
    return policy.evaluate(query, options);
  } catch (error) {
    return error;
  }
}

function expectRegoError(result: unknown, code: string, text: string): void {
  expect(result).toBeInstanceOf(RegoError);
  expect((result as RegoError).code).toBe(code);
  expect((result as RegoError).message).toContain(text);
}

describe('conflicts', () => {
  const invalid = [
    {
      name: 'two complete rules with different values',
      module: 'p := 1\np := 2',
      text: 'rule data.t.p produced conflicting values',
    },
    {
      name: 'one complete rule whose body yields two values',
      module: 'p := x if some x in [1, 2]',
      text: 'complete rules must not produce multiple outputs',
    },
    {
      name: 'a function with two results for the same arguments',
      module: 'f(_) := true\nf(_) := false\np := f(1)',
      text: 'functions must not produce multiple outputs for same inputs',
    },
    {
      name: 'a partial object with two values for one key',
      module: 'p[k] := v if { k := "a"; some v in [1, 2] }',
      text: 'object keys must be unique',
    },
    {
      name: 'an object comprehension with two values for one key',
      module: 'p := {"a": v | some v in [1, 2]}',
      text: 'object keys must be unique',
    },
  ];

  it.each(invalid)('$name', ({ module, text }) => {
    expectRegoError(evaluate(module, 'data.t.p = x'), 'eval_conflict_error', text);
  });

  // boundary: the same value from two rules is not a conflict
  it('accepts equal values from several rules', () => {
    expect(evaluate('p := 1\np := 1.0', 'data.t.p = x')).toEqual([{ x: 1 }]);
  });
});

describe('budgets', () => {
  // 300^3 = 27 million combinations: far beyond any budget.
  const explode = 'xs := numbers_upto\np := count([1 | some a in xs; some b in xs; some c in xs])';
  const module = explode.replace(
    'numbers_upto',
    `[${Array.from({ length: 300 }, (_, i) => i).join(', ')}]`,
  );

  it('stops a runaway product at the step budget, quickly', () => {
    const started = performance.now();
    const result = evaluate(module, 'data.t.p = x', { stepBudget: 50_000, timeBudgetMs: 10_000 });
    expectRegoError(result, 'eval_budget_error', 'step budget of 50000');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('stops a runaway product at the time budget', () => {
    const result = evaluate(module, 'data.t.p = x', { stepBudget: 1e12, timeBudgetMs: 20 });
    expectRegoError(result, 'eval_budget_error', 'time budget of 20 ms');
  });

  // boundary: the default budget still lets ordinary policies finish
  it('lets a small policy finish under the defaults', () => {
    expect(evaluate('p := count([1 | some a in [1, 2, 3]])', 'data.t.p = x')).toEqual([{ x: 3 }]);
  });
});

describe('builtin errors', () => {
  const module = 'p := x if x := 1 / input.d';

  it('make the expression undefined by default', () => {
    expect(evaluate(module, 'data.t.p = x', { input: { d: 0 } })).toEqual([]);
  });

  it('abort the evaluation in strict mode, with the location', () => {
    const result = evaluate(module, 'data.t.p = x', { input: { d: 0 }, strictBuiltinErrors: true });
    expectRegoError(result, 'eval_builtin_error', 'p.rego:3:');
    expectRegoError(result, 'eval_builtin_error', 'divide by zero');
  });

  it('report a type error with its kind in strict mode', () => {
    const result = evaluate('p := count(input.n)', 'data.t.p = x', {
      input: { n: 1 },
      strictBuiltinErrors: true,
    });
    expectRegoError(result, 'eval_type_error', 'count: operand 1 must be');
  });
});
