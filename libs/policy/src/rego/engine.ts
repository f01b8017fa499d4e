/**
 * The Rego engine's public API: compile modules once, evaluate queries many times.
 *
 * Threat model: policies and inputs are data the gateway does not control. Evaluation is
 * bounded by a step and a time budget, so a policy that loops over a large product fails
 * closed with `eval_budget_error` instead of holding the gateway; errors never yield a
 * partial decision.
 */
import type { Expr } from './ast.js';
import { compileQuery, compileTree } from './compile.js';
import type { CompiledQuery } from './compile.js';
import { RegoError } from './errors.js';
import { evalBody } from './eval/exprs.js';
import { EvalState } from './eval/state.js';
import type { CDataRef, Frame, RuleNode } from './eval/types.js';
import { evalDataRef } from './eval/virtual.js';
import { parseModule, parseQuery } from './parser.js';
import { RObject, fromJSON } from './value.js';
import type { Value } from './value.js';

export interface CompileOptions {
  /** Reserved for future switches; modules are Rego v1. */
  readonly strict?: boolean;
}

export interface EvaluateOptions {
  /** The input document: a Rego value or plain JSON data. */
  input?: Value | unknown;
  /** The base data document as plain JSON data (or a Rego value). */
  data?: unknown;
  /** Abort on a builtin error instead of making the expression undefined. */
  strictBuiltinErrors?: boolean;
  /** Maximum evaluation steps; default 1,000,000. */
  stepBudget?: number;
  /** Maximum wall time in milliseconds; default 100. */
  timeBudgetMs?: number;
}

export const DEFAULT_STEP_BUDGET = 1_000_000;
export const DEFAULT_TIME_BUDGET_MS = 100;
const QUERY_CACHE_LIMIT = 256;

export type Bindings = Record<string, Value>;

export class CompiledPolicy {
  private readonly queries = new Map<string, CompiledQuery>();
  private readonly refs = new Map<string, CDataRef>();

  constructor(private readonly root: RuleNode) {}

  /** All solutions of the query, as the values of its user variables. */
  evaluate(query: string | Expr[], options: EvaluateOptions = {}): Bindings[] {
    const compiled = this.compiledQuery(query);
    const ev = this.state(options);
    const frame: Frame = new Array<Value | undefined>(compiled.slots);
    const results: Bindings[] = [];
    guard(() =>
      evalBody(ev, compiled.body, frame, () => {
        const row: Bindings = {};
        for (const [name, slot] of compiled.outputs) {
          const value = frame[slot];
          if (value !== undefined) row[name] = value;
        }
        results.push(row);
        return false;
      }),
    );
    return results;
  }

  /** The value of `data.a.b` (path `a.b` or `data.a.b`), or undefined; no query parsing. */
  evaluateRef(path: string, options: EvaluateOptions = {}): Value | undefined {
    const ref = this.dataRef(path);
    const ev = this.state(options);
    let out: Value | undefined;
    guard(() =>
      evalDataRef(ev, ref, [], (value) => {
        out = value;
        return true;
      }),
    );
    return out;
  }

  private dataRef(path: string): CDataRef {
    let ref = this.refs.get(path);
    if (ref === undefined) {
      const steps = path.split('.').filter((s) => s.length > 0);
      if (steps[0] === 'data') steps.shift();
      const loc = { file: 'query', line: 1, column: 1 };
      ref = { t: 'dataref', path: steps.map((v) => ({ t: 'const', v })), loc };
      if (this.refs.size >= QUERY_CACHE_LIMIT) this.refs.clear();
      this.refs.set(path, ref);
    }
    return ref;
  }

  private compiledQuery(query: string | Expr[]): CompiledQuery {
    if (typeof query !== 'string') return compileQuery(this.root, query);
    let compiled = this.queries.get(query);
    if (compiled === undefined) {
      compiled = compileQuery(this.root, parseQuery(query));
      if (this.queries.size >= QUERY_CACHE_LIMIT) this.queries.clear();
      this.queries.set(query, compiled);
    }
    return compiled;
  }

  private state(options: EvaluateOptions): EvalState {
    return new EvalState({
      root: this.root,
      input: options.input === undefined ? undefined : fromJSON(options.input),
      data: options.data === undefined ? new RObject() : fromJSON(options.data),
      strictBuiltinErrors: options.strictBuiltinErrors ?? false,
      stepBudget: options.stepBudget ?? DEFAULT_STEP_BUDGET,
      timeBudgetMs: options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS,
    });
  }
}

/** Deep recursion ends the evaluation like an exhausted budget: closed, with a reason. */
function guard(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new RegoError(
        'eval_budget_error',
        'evaluation exceeded the maximum nesting depth; the policy may recurse without end',
      );
    }
    throw error;
  }
}

/** Parses and compiles modules; throws RegoError (`rego_parse_error`, `rego_compile_error`). */
export function compileModules(
  modules: Array<{ file: string; source: string }>,
  options: CompileOptions = {},
): CompiledPolicy {
  void options;
  const parsed = modules.map(({ file, source }) => parseModule(source, file));
  return new CompiledPolicy(compileTree(parsed));
}
