/**
 * The one interface the decision API evaluates policies through, whichever engine runs
 * them: Airlock's own Rego evaluator, or a bundle compiled by `opa build -t wasm`.
 */
export interface EvaluationBudget {
  /** Maximum evaluation steps. Ignored by engines that cannot count them (wasm). */
  stepBudget?: number;
  /** Maximum wall time of one evaluation, in milliseconds. Ignored by the wasm engine. */
  timeBudgetMs?: number;
}

export interface PolicyEngine {
  readonly kind: 'rego' | 'wasm';
  /** True when the same input always gets the same answer, so answers may be remembered. */
  readonly deterministic?: boolean;
  /**
   * The value of `entrypoint` (a data path such as `data.airlock.decision`) for this
   * input, as plain JSON, or `undefined` when the policy defines no value. Throws when
   * evaluation fails; callers decide what a failure means (the decider denies).
   */
  evaluate(entrypoint: string, input: unknown, budget?: EvaluationBudget): unknown;
}
