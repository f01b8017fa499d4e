import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../loader.js';
import { RegoError } from '../rego/errors.js';
import { discoverTests, formatTestResult, runTests, summarizeTests } from './run-tests.js';

const policiesDir = fileURLToPath(new URL('../../../../policies', import.meta.url));

function loaded(source: string, data: Record<string, unknown> = {}) {
  return { modules: [], tests: [{ file: 'x_test.rego', source }], data };
}

describe('the default policies pass their own Rego tests', () => {
  const results = runTests(loadPolicy([policiesDir]));

  it('finds the tests', () => expect(results.length).toBeGreaterThanOrEqual(5));

  it.each(results.map((r) => [r.name, r] as const))('%s passes', (_name, result) => {
    expect(formatTestResult(result)).toMatch(/^PASS /);
  });
});

describe('runTests', () => {
  const source = `package t

import rego.v1

test_true if true

test_false if false

test_value := 1

test_undefined if input.nothing

test_conflict := 1

test_conflict := 2

test_data if data.limit == 3

not_a_test if true

test_fn(x) := x
`;

  it('reports pass, fail and error per test, in source order', () => {
    const results = runTests(loaded(source, { limit: 3 }));
    expect(results.map((r) => [r.name, r.outcome])).toEqual([
      ['data.t.test_true', 'pass'],
      ['data.t.test_false', 'fail'],
      // Boundary: any defined value other than false passes, as in opa test.
      ['data.t.test_value', 'pass'],
      ['data.t.test_undefined', 'fail'],
      ['data.t.test_conflict', 'error'],
      ['data.t.test_data', 'pass'],
    ]);
    expect(results.find((r) => r.outcome === 'error')?.message).toMatch(/eval_conflict_error/);
    expect(summarizeTests(results)).toEqual({ passed: 3, failed: 3 });
  });

  it('formats a line per test with its duration', () => {
    const [first] = runTests(loaded('package t\n\ntest_ok := true\n'));
    expect(first && formatTestResult(first)).toMatch(/^PASS data\.t\.test_ok \(\d+\.\dms\)$/);
  });

  it('lists a test defined by several rules once, at its first line', () => {
    const tests = discoverTests([
      { file: 'a.rego', source: 'package a\n\ntest_x if true\n\ntest_x if false\n' },
    ]);
    expect(tests).toEqual([{ name: 'data.a.test_x', file: 'a.rego', line: 3 }]);
  });

  it.each([
    ['a parse error', 'package t\n\ntest_x if {\n'],
    ['a compile error', 'package t\n\ntest_x if undefined_fn(1)\n'],
  ])('throws RegoError with file:line:col for %s', (_what, text) => {
    expect(() => runTests(loaded(text))).toThrow(RegoError);
    expect(() => runTests(loaded(text))).toThrow(/^x_test\.rego:\d+:\d+: rego_/);
  });
});
