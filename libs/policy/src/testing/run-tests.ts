/**
 * Runs Rego unit tests as `opa test` does: every rule whose name starts with `test_`, in
 * any loaded module, is evaluated with the policy and its data; it passes when it is
 * defined and not `false`.
 */
import { performance } from 'node:perf_hooks';
import type { Rule } from '../rego/ast.js';
import { compileModules } from '../rego/engine.js';
import type { CompiledPolicy } from '../rego/engine.js';
import { parseModule } from '../rego/parser.js';
import { fromJSON } from '../rego/value.js';
import type { Value } from '../rego/value.js';
import type { LoadedPolicy, PolicySource } from '../loader.js';

export interface RegoTest {
  /** The test's full path, such as `data.airlock_test.test_allows_log`. */
  name: string;
  file: string;
  line: number;
}

export type TestOutcome = 'pass' | 'fail' | 'error';

export interface TestResult extends RegoTest {
  outcome: TestOutcome;
  durationMs: number;
  /** Why it errored: the evaluation error's message. */
  message?: string;
}

export interface RunTestsOptions {
  /** Evaluation steps allowed per test; default 10,000,000. */
  stepBudget?: number;
  /** Wall time allowed per test, in milliseconds; default 5,000. */
  timeBudgetMs?: number;
}

const DEFAULT_TEST_STEP_BUDGET = 10_000_000;
const DEFAULT_TEST_TIME_BUDGET_MS = 5_000;

function testName(rule: Rule): string | undefined {
  if (rule.kind !== 'complete' || rule.ref.length !== 1) return undefined;
  const head = rule.ref[0];
  if (head?.type !== 'string' || !head.value.startsWith('test_')) return undefined;
  return head.value;
}

/**
 * The tests in `modules`, in file and line order; a test defined by several rules (an
 * incremental definition) is listed once. Throws RegoError when a module does not parse.
 */
export function discoverTests(modules: readonly PolicySource[]): RegoTest[] {
  const tests = new Map<string, RegoTest>();
  for (const { file, source } of modules) {
    const module = parseModule(source, file);
    for (const rule of module.rules) {
      const name = testName(rule);
      if (name === undefined) continue;
      const path = ['data', ...module.packagePath, name].join('.');
      if (!tests.has(path)) tests.set(path, { name: path, file, line: rule.loc.line });
    }
  }
  return [...tests.values()];
}

function runOne(
  policy: CompiledPolicy,
  test: RegoTest,
  data: Value,
  options: RunTestsOptions,
): TestResult {
  const startMs = performance.now();
  try {
    const value = policy.evaluateRef(test.name, {
      data,
      stepBudget: options.stepBudget ?? DEFAULT_TEST_STEP_BUDGET,
      timeBudgetMs: options.timeBudgetMs ?? DEFAULT_TEST_TIME_BUDGET_MS,
    });
    const outcome = value === undefined || value === false ? 'fail' : 'pass';
    return { ...test, outcome, durationMs: performance.now() - startMs };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...test, outcome: 'error', durationMs: performance.now() - startMs, message };
  }
}

/**
 * Compiles the policy and test modules together and runs every test. Throws RegoError
 * (`rego_parse_error`, `rego_compile_error`, with file:line:col) when they do not compile;
 * an error while a test runs is that test's `error` outcome.
 */
export function runTests(loaded: LoadedPolicy, options: RunTestsOptions = {}): TestResult[] {
  const all = [...loaded.modules, ...loaded.tests];
  const tests = discoverTests(all);
  const policy = compileModules(all);
  const data = fromJSON(loaded.data);
  return tests.map((test) => runOne(policy, test, data, options));
}

export interface TestSummary {
  passed: number;
  /** Tests that failed or raised an error. */
  failed: number;
}

export function summarizeTests(results: readonly TestResult[]): TestSummary {
  const passed = results.filter((r) => r.outcome === 'pass').length;
  return { passed, failed: results.length - passed };
}

/** `PASS data.p.test_x (0.3ms)`, `FAIL …`, `ERROR … (0.1ms): message`. */
export function formatTestResult(result: TestResult): string {
  const line = `${result.outcome.toUpperCase()} ${result.name} (${result.durationMs.toFixed(1)}ms)`;
  return result.message === undefined ? line : `${line}: ${result.message}`;
}
