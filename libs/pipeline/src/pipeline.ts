/**
 * The one place a request runs: validate → decide → execute → audit. The gateway and the
 * CLI both call it, so code is checked the same way whichever door it came in by.
 * Threat model: the request is untrusted, so it is parsed before use; nothing runs without
 * an allowing decision, the executor gets exactly the granted capabilities and limits no
 * larger than the decision's, and every request, refused or failed, leaves an audit event.
 * The sandbox itself (what the code can reach) is the executor's concern.
 */
import { randomUUID } from 'node:crypto';
import {
  AirlockError,
  ErrorCode,
  InvalidInputError,
  silentLogger,
  type AuditSink,
  type Logger,
} from '@airlock/core';
import type { IsolateExecutor } from '@airlock/isolate';
import type { Decider } from '@airlock/policy';
import { createValidator, type Validator } from '@airlock/validator';
import { auditEventFor, outcomeOf, type AuditFacts } from './audit-event.js';
import { isolateLimitsFor } from './limits.js';
import { parseRequest, type PipelineRequest } from './request.js';
import type { PipelineResult } from './result.js';
import { check, deniedResult, policyInput, summarize } from './steps.js';

export interface PipelineOptions {
  /** Default: the validator with Airlock's rules and default configuration. */
  validator?: Validator;
  /** From `createDecider` of @airlock/policy. */
  decider: Decider;
  /** A started executor; the pipeline neither starts nor closes it. */
  executor: IsolateExecutor;
  /** One `pipeline.run` event per request. Default: silent. */
  logger?: Logger;
  /** Receives one event per request, whatever happened. Default: none. */
  audit?: AuditSink;
  /**
   * Whether a request may say `validate: false` (to test the executor's own defences).
   * Default false: a request that asks is refused with InvalidInputError.
   */
  allowSkipValidation?: boolean;
}

export interface Pipeline {
  /**
   * Runs one request. A denial or a failed execution is an answer, not a rejection; it
   * rejects with InvalidInputError for a malformed request, and with an AirlockError when
   * the executor is not running or the audit event could not be written.
   */
  run(request: PipelineRequest): Promise<PipelineResult>;
}

export const containerUnavailable = 'the container executor is not available yet';

export function createPipeline(options: PipelineOptions): Pipeline {
  const validator = options.validator ?? createValidator();
  const logger = options.logger ?? silentLogger;

  async function handle(request: PipelineRequest, executionId: string): Promise<PipelineResult> {
    if (request.validate === false && options.allowSkipValidation !== true) {
      throw new InvalidInputError('validate', 'skipping the validator is not allowed here', {
        hint: 'Remove validate: false, or configure the pipeline with allowSkipValidation.',
      });
    }
    const checked = check(validator, request);
    const decision = options.decider.decide(policyInput(request, checked));
    if (!decision.allow) return deniedResult(executionId, checked, summarize(decision));
    if (decision.executor === 'container') {
      const refused = { ...decision, allow: false, reasons: [containerUnavailable] };
      return deniedResult(executionId, checked, summarize(refused));
    }

    const limits = isolateLimitsFor(request.limits, decision.limits);
    const result = await options.executor.execute({
      executionId,
      tenant: request.tenant,
      code: request.code,
      language: request.language,
      ...(request.input === undefined ? {} : { input: request.input }),
      capabilities: decision.capabilities,
      limits,
    });
    return { ...result, ...checked, decision: summarize(decision, limits) };
  }

  async function record(facts: AuditFacts): Promise<void> {
    const event = auditEventFor(facts);
    log(logger, event.tenant, facts, event.durationMs);
    if (options.audit === undefined) return;
    try {
      await options.audit.record(event);
    } catch (error) {
      logger.error({ event: 'audit.failed', executionId: facts.executionId, error: String(error) });
      // Fail closed: an answer whose audit event was lost is not given. An earlier
      // failure is kept as the error the caller sees.
      if (facts.failure === undefined) throw auditFailure(error);
    }
  }

  return {
    async run(raw) {
      const facts: AuditFacts = {
        raw,
        executionId: randomUUID(),
        startedMs: performance.now(),
        result: undefined,
        failure: undefined,
        invalid: false,
      };
      try {
        facts.result = await handle(parseRequest(raw), facts.executionId);
        return facts.result;
      } catch (error) {
        facts.failure = error;
        facts.invalid = error instanceof InvalidInputError;
        throw error;
      } finally {
        await record(facts);
      }
    },
  };
}

function auditFailure(cause: unknown): AirlockError {
  return new AirlockError(ErrorCode.Internal, 'the audit event could not be written', {
    cause,
    hint: 'Check the audit sink (its file, disk or database); no result is given without it.',
  });
}

function log(logger: Logger, tenant: string, facts: AuditFacts, durationMs: number): void {
  const fields = {
    event: 'pipeline.run',
    tenant,
    executionId: facts.executionId,
    durationMs,
    outcome: outcomeOf(facts),
    executor: facts.result?.decision.executor,
    reasons: facts.result?.decision.reasons,
  };
  if (facts.result !== undefined) logger.info(fields);
  else logger.warn({ ...fields, error: String(facts.failure) });
}
