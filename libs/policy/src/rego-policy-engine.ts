import { compileModules } from './rego/engine.js';
import type { CompiledPolicy } from './rego/engine.js';
import { fromJSON, toJSON } from './rego/value.js';
import type { Value } from './rego/value.js';
import type { PolicySource } from './loader.js';
import type { EvaluationBudget, PolicyEngine } from './policy-engine.js';

export interface RegoPolicyEngineOptions {
  modules: readonly PolicySource[];
  /** The base data document as plain JSON; converted to Rego values once, here. */
  data?: Record<string, unknown>;
}

/**
 * Builtins whose answer depends on more than their arguments: the clock, randomness, the
 * network or the runtime. A policy that names none of them answers the same input the
 * same way every time, so its decisions may be remembered.
 */
const impureBuiltins =
  /\b(time\.now_ns|io\.jwt\.decode_verify|rand\.\w+|uuid\.rfc4122|http\.send|opa\.runtime|net\.lookup_ip_addr)\b/;

/** Airlock's TypeScript Rego evaluator behind the PolicyEngine interface. */
export class RegoPolicyEngine implements PolicyEngine {
  readonly kind = 'rego' as const;
  readonly policy: CompiledPolicy;
  /** The data document as a Rego value, shared by every evaluation. */
  readonly data: Value;
  /** Whether no module names a builtin that reads the clock, randomness or the network. */
  readonly deterministic: boolean;

  /** Parses and compiles the modules; throws RegoError with file:line:col on a mistake. */
  constructor(options: RegoPolicyEngineOptions) {
    this.policy = compileModules([...options.modules]);
    this.data = fromJSON(options.data ?? {});
    this.deterministic = options.modules.every((module) => !impureBuiltins.test(module.source));
  }

  evaluate(entrypoint: string, input: unknown, budget: EvaluationBudget = {}): unknown {
    const value = this.policy.evaluateRef(entrypoint, {
      input: input === undefined ? undefined : fromJSON(input),
      data: this.data,
      ...budget,
    });
    // Integers beyond 2^53 become digit strings, never rounded numbers: a limit the policy
    // computed exactly must not reach an executor changed, so the decision schema refuses it.
    return value === undefined ? undefined : toJSON(value, 'string');
  }
}
