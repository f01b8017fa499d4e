import { describe, expect, it } from 'vitest';
import { compileModules } from './engine.js';
import { RegoError } from './errors.js';

function compileError(source: string): RegoError | undefined {
  try {
    compileModules([{ file: 'p.rego', source: `package t\n\n${source}` }]);
    return undefined;
  } catch (error) {
    if (error instanceof RegoError) return error;
    throw error;
  }
}

describe('compile errors', () => {
  const invalid = [
    { name: 'unknown function', source: 'p := nope(1)', text: 'undefined function nope' },
    {
      name: 'unknown dotted builtin',
      source: 'p := strings.nope("a")',
      text: 'undefined function strings.nope',
    },
    {
      name: 'wrong number of arguments',
      source: 'p := count(1, 2, 3)',
      text: 'function count expects 1 argument, got 3',
    },
    {
      name: 'user function called with the wrong arity',
      source: 'f(x) := x\np := f(1, 2, 3)',
      text: 'function f expects 1 argument, got 3',
    },
    {
      name: ':= redeclaring a variable',
      source: 'p if { x := 1; x := 2 }',
      text: 'var x assigned above',
    },
    {
      name: ':= after the variable was used',
      source: 'p if { x > 1; x := 2 }',
      text: 'var x assigned above',
    },
    { name: 'unsafe variable in the head', source: 'p := x if { true }', text: 'var x is unsafe' },
    {
      name: 'unsafe variable in a negation',
      source: 'p if { not input.xs[i] }',
      text: 'var i is unsafe',
    },
    {
      name: 'unsafe variable in a call argument',
      source: 'p if { count(x) > 1 }',
      text: 'var x is unsafe',
    },
    {
      name: 'complete and partial set rules at one path',
      source: 'p := 1\np contains 2',
      text: 'conflicting rules data.t.p found',
    },
    {
      name: 'function and rule at one path',
      source: 'p := 1\np(x) := x',
      text: 'conflicting rules data.t.p found',
    },
    {
      name: 'functions with different arities',
      source: 'f(x) := x\nf(x, y) := y',
      text: 'arity',
    },
    {
      name: 'two default rules',
      source: 'default p := 1\ndefault p := 2',
      text: 'multiple default rules data.t.p found',
    },
  ];

  it.each(invalid)('$name', ({ source, text }) => {
    const error = compileError(source);
    expect(error?.code).toBe('rego_compile_error');
    expect(error?.message).toContain(text);
    expect(error?.message).toMatch(/^p\.rego:\d+:\d+: /);
  });

  it('reports parse errors with their code', () => {
    expect(compileError('p := [1,')?.code).toBe('rego_parse_error');
  });

  const valid = [
    { name: 'a binding after its use is reordered', source: 'p if { x > 1; x = input.n }' },
    { name: 'a wildcard inside not', source: 'p if { not input.xs[_] }' },
    { name: 'a comprehension reading an outer variable', source: 'p := [y | y := x] if x := 1' },
    { name: 'a local shadowing a rule name', source: 'q := 1\np if { q := 2; q > 1 }' },
    { name: 'partial object and a static key', source: 'p[k] := 1 if k := "a"\np.b := 2' },
  ];

  // boundary: what OPA accepts must compile, or conformance modules would be rejected
  it.each(valid)('accepts $name', ({ source }) => {
    expect(compileError(source)).toBeUndefined();
  });
});

describe('recursion', () => {
  it.each([
    {
      name: 'a rule that reads itself through another',
      source: 'p := q\nq := p',
      path: 'data.t.p',
    },
    { name: 'a function that calls itself', source: 'f(x) := f(x)', path: 'data.t.f' },
    {
      name: 'functions calling each other',
      source: 'f(x) := g(x)\ng(x) := f(x + 1)',
      path: 'data.t.f',
    },
    { name: 'a rule reading its whole package', source: 'p := count(data.t)', path: 'data.t.p' },
    {
      name: 'a partial set iterating itself',
      source: 'p contains x if some x in p',
      path: 'data.t.p',
    },
  ])('rejects $name', ({ source, path }) => {
    const error = compileError(source);
    expect(error?.code).toBe('rego_recursion_error');
    expect(error?.message).toContain(`rule ${path} is recursive`);
  });

  // boundary: reading a sibling rule or another package is not recursion
  it('accepts rules reading siblings and sub-packages', () => {
    expect(compileError('p := q + 1\nq := data.t.sub.r\nf(x) := x + p')).toBeUndefined();
  });
});
