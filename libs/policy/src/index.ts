export { loadCases, type ConformanceCase } from './conformance/cases.js';
export { defaultCasesDir } from './conformance/known-failures.js';
export { runCase, type CaseResult } from './conformance/run-case.js';
export {
  DEFAULT_DECISION_STEP_BUDGET,
  DEFAULT_DECISION_TIME_BUDGET_MS,
  DEFAULT_ENTRYPOINT,
  createDecider,
  defaultPolicyPath,
  type Decider,
  type DeciderOptions,
} from './decide.js';
export {
  decisionInputSchema,
  decisionSchema,
  denial,
  type Decision,
  type DecisionInput,
} from './decision.js';
export { loadPolicy, type LoadedPolicy, type PolicySource } from './loader.js';
export type { EvaluationBudget, PolicyEngine } from './policy-engine.js';
export { RegoPolicyEngine, type RegoPolicyEngineOptions } from './rego-policy-engine.js';
export {
  CompiledPolicy,
  compileModules,
  type Bindings,
  type EvaluateOptions,
} from './rego/engine.js';
export { RegoError, type RegoErrorCode } from './rego/errors.js';
export { marshalJSON } from './rego/builtins/json-text.js';
export { parseQuery } from './rego/parser.js';
export type { Expr, Term } from './rego/ast.js';
export { RObject, RSet, fromJSON, stringify, toJSON, type Value } from './rego/value.js';
export {
  discoverTests,
  formatTestResult,
  runTests,
  summarizeTests,
  type RegoTest,
  type RunTestsOptions,
  type TestOutcome,
  type TestResult,
  type TestSummary,
} from './testing/run-tests.js';
export {
  WasmPolicyEngine,
  bundleFiles,
  entrypointName,
  loadWasmEngine,
  type WasmBundleFiles,
} from './wasm/wasm-engine.js';
