/**
 * The decision API: the one place a request's input meets the capability policy.
 *
 * Threat model: the policy is written by people and may be wrong; it may loop, raise an
 * error, answer nothing or answer a shape the executors cannot read. Every one of those
 * ends in a denial with the reason, never in a throw or a partial grant. Input that does
 * not fit the schema is the caller's bug and is refused with InvalidInputError.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidInputError, LruCache, deepFreeze, silentLogger } from '@airlock/core';
import type { Logger } from '@airlock/core';
import type { z } from 'zod';
import { decisionInputSchema, decisionSchema, denial } from './decision.js';
import type { Decision, DecisionInput } from './decision.js';
import { loadPolicy } from './loader.js';
import type { PolicyEngine } from './policy-engine.js';
import { RegoPolicyEngine } from './rego-policy-engine.js';

/** The default policy folder: `policies/airlock` at the root of the repository. */
export const defaultPolicyPath = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../policies/airlock',
);

export const DEFAULT_ENTRYPOINT = 'data.airlock.decision';
/** About 1,000 times what the default policy needs (90 steps); still stops a runaway fast. */
export const DEFAULT_DECISION_STEP_BUDGET = 100_000;
export const DEFAULT_DECISION_TIME_BUDGET_MS = 50;

export interface DeciderOptions {
  /** Rego files and folders with data files; default: policies/airlock. Ignored with `engine`. */
  policyPaths?: readonly string[];
  /** A ready engine (for example a wasm bundle); default: the Rego engine over policyPaths. */
  engine?: PolicyEngine;
  /** One `decision` event per call. Default: silent. */
  logger?: Logger;
  /** The data path whose value is the decision. Default `data.airlock.decision`. */
  entrypoint?: string;
  /** Evaluation steps allowed per decision; default 100,000. */
  stepBudget?: number;
  /** Wall time allowed per decision, in milliseconds; default 50. */
  timeBudgetMs?: number;
  /**
   * Decisions remembered by their input, when the engine is deterministic (a Rego policy
   * that never reads the clock, randomness or the network); 0 turns it off. Default 1,024.
   */
  memoEntries?: number;
}

export interface Decider {
  readonly engine: PolicyEngine;
  /** Decides one request. Throws only InvalidInputError, for input that breaks the schema. */
  decide(input: unknown): Decision;
}

/** `request.tenant: expected string, received undefined`: the first issue, with its path. */
function inputError(error: z.ZodError): InvalidInputError {
  const issue = error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? 'input' : issue.path.join('.');
  return new InvalidInputError(field, issue?.message ?? 'is not valid', {
    hint: 'The input is { request: { tenant, … }, findings, needs: { modules, hosts, … } }.',
  });
}

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || 'decision'}: ${issue.message}`)
    .join('; ');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Compiles the policy once (and converts its data to Rego values once) and returns a
 * decider whose `decide` fails closed.
 */
export function createDecider(options: DeciderOptions = {}): Decider {
  const engine = options.engine ?? regoEngineFor(options.policyPaths ?? [defaultPolicyPath]);
  const logger = options.logger ?? silentLogger;
  const entrypoint = options.entrypoint ?? DEFAULT_ENTRYPOINT;
  const budget = {
    stepBudget: options.stepBudget ?? DEFAULT_DECISION_STEP_BUDGET,
    timeBudgetMs: options.timeBudgetMs ?? DEFAULT_DECISION_TIME_BUDGET_MS,
  };

  function evaluate(input: DecisionInput): { decision: Decision; error?: string } {
    let answer: unknown;
    try {
      answer = engine.evaluate(entrypoint, input, budget);
    } catch (error) {
      return policyError(`evaluation failed: ${errorText(error)}`);
    }
    if (answer === undefined) return policyError(`${entrypoint} is undefined for this input`);
    const parsed = decisionSchema.safeParse(answer);
    if (!parsed.success) return policyError(`malformed decision: ${describe(parsed.error)}`);
    return { decision: parsed.data };
  }

  const memoEntries = options.memoEntries ?? 1_024;
  const memo =
    engine.deterministic === true && memoEntries > 0
      ? new LruCache<string, { decision: Decision; error?: string }>(memoEntries)
      : undefined;

  /** The remembered answer for this input, or a new one (remembered unless it failed). */
  function answer(input: DecisionInput): { decision: Decision; error?: string } {
    if (memo === undefined) return evaluate(input);
    const key = JSON.stringify(input);
    const known = memo.get(key);
    if (known !== undefined) return known;
    const fresh = evaluate(input);
    if (fresh.error === undefined) memo.set(key, deepFreeze(fresh));
    return fresh;
  }

  return {
    engine,
    decide(raw: unknown): Decision {
      const parsedInput = decisionInputSchema.safeParse(raw);
      if (!parsedInput.success) throw inputError(parsedInput.error);
      const input = parsedInput.data;

      const startMs = performance.now();
      const { decision, error } = answer(input);
      const durationMs = performance.now() - startMs;
      logDecision(logger, { tenant: input.request.tenant, decision, error, durationMs });
      return decision;
    },
  };
}

function policyError(reason: string): { decision: Decision; error: string } {
  return { decision: denial(`policy error: ${reason}`), error: reason };
}

function regoEngineFor(paths: readonly string[]): RegoPolicyEngine {
  const { modules, data } = loadPolicy(paths);
  return new RegoPolicyEngine({ modules, data });
}

interface DecisionEvent {
  tenant: string;
  decision: Decision;
  error: string | undefined;
  durationMs: number;
}

function logDecision(logger: Logger, { tenant, decision, error, durationMs }: DecisionEvent) {
  const fields = {
    event: 'decision',
    outcome: decision.allow ? 'allow' : 'deny',
    tenant,
    durationMs,
    executor: decision.executor,
    reasons: decision.reasons,
  };
  if (error === undefined) logger.info(fields);
  else logger.error({ ...fields, error }, 'the policy failed; the request is denied');
}
