/**
 * The state of one evaluation: input, base data, rule caches, active `with` modifiers and
 * the step and time budgets that make a runaway policy fail closed.
 */
import type { BuiltinContext } from '../builtins/registry.js';
import { RegoError } from '../errors.js';
import type { Value } from '../value.js';
import type { FnTarget, RuleNode } from './types.js';

/** What a `with f as …` replaced a function by: another function, or a constant result. */
export type FnOverride = { fn: FnTarget } | { value: Value };

export interface EvalOptions {
  root: RuleNode;
  input?: Value;
  data: Value;
  strictBuiltinErrors: boolean;
  stepBudget: number;
  timeBudgetMs: number;
}

/** The time is read once every this many steps: reading the clock is not free. */
const CLOCK_EVERY_STEPS = 1024;

export const UNDEFINED_MARK = Symbol('undefined');
export type Cached = Value | typeof UNDEFINED_MARK;

export class EvalState {
  readonly root: RuleNode;
  input: Value | undefined;
  data: Value;
  /** `with data.a.b as v` replacements, keyed by the path's canonical key. */
  dataOverrides: Map<string, { path: Value[]; value: Value }> | null = null;
  fnOverrides: Map<string, FnOverride> | null = null;
  ruleCache = new Map<number, Cached>();
  fnCache = new Map<string, Cached>();
  /** Nodes being computed, to report recursion instead of overflowing the stack. */
  readonly inProgress = new Set<RuleNode>();
  readonly strict: boolean;
  readonly builtinContext: BuiltinContext;
  private steps = 0;
  private readonly stepBudget: number;
  private readonly timeBudgetMs: number;
  private readonly deadline: number;

  constructor(options: EvalOptions) {
    this.root = options.root;
    this.input = options.input;
    this.data = options.data;
    this.strict = options.strictBuiltinErrors;
    this.stepBudget = options.stepBudget;
    this.timeBudgetMs = options.timeBudgetMs;
    this.deadline = performance.now() + options.timeBudgetMs;
    this.builtinContext = {
      nowNs: BigInt(Date.now()) * 1_000_000n,
      cache: new Map(),
    };
  }

  /** Counts one step; throws eval_budget_error past the step or time budget. */
  tick(): void {
    this.steps += 1;
    if (this.steps > this.stepBudget) {
      throw new RegoError(
        'eval_budget_error',
        `evaluation exceeded its step budget of ${this.stepBudget}; the policy may loop over ` +
          'a large product of collections or recurse without end: narrow its iterations',
      );
    }
    if (this.steps % CLOCK_EVERY_STEPS === 0 && performance.now() > this.deadline) {
      throw new RegoError(
        'eval_budget_error',
        `evaluation exceeded its time budget of ${this.timeBudgetMs} ms after ${this.steps} ` +
          'steps; the policy may loop over a large product of collections: narrow its iterations',
      );
    }
  }
}
