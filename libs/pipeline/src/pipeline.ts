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
import type {
  EgressBinding,
  ExecutionRequest,
  ExecutionResult,
  FetchGrant,
  IsolateExecutor,
  IsolateLimits,
} from '@airlock/isolate';
import type { Decider, Decision } from '@airlock/policy';
import { createValidator, type Validator } from '@airlock/validator';
import { auditEventFor, codeOf, outcomeOf, type AuditFacts } from './audit-event.js';
import { isolateLimitsFor } from './limits.js';
import { parseRequest, type PipelineRequest } from './request.js';
import type { PipelineResult } from './result.js';
import { check, deniedResult, policyInput, summarize } from './steps.js';

/** Keeps the code of each run by its SHA-256 (such as `CodeStore` of @airlock/audit). */
export interface PipelineCodeStore {
  /** Stores `code` (once) and returns its SHA-256 as lower-case hex. */
  store(code: string): Promise<string> | string;
}

/**
 * Runs container decisions. It gets the `fetch` grant itself, because a container reaches the
 * proxy over its own network with its own credential, not through `EgressBinding`.
 */
export interface ContainerRunner {
  execute(
    request: ExecutionRequest,
    egress?: Pick<FetchGrant, 'hosts' | 'secrets'>,
  ): Promise<ExecutionResult>;
}

export interface PipelineOptions {
  /** Default: the validator with Airlock's rules and default configuration. */
  validator?: Validator;
  /** From `createDecider` of @airlock/policy. */
  decider: Decider;
  /** A started executor; the pipeline neither starts nor closes it. */
  executor: IsolateExecutor;
  /**
   * Runs requests the policy sends to the container executor (`ContainerCodeExecutor` of
   * @airlock/container). Without it, such a decision is refused with `containerUnavailable`.
   */
  containers?: ContainerRunner;
  /**
   * Issues each execution granted `fetch` its own egress proxy credential (for the grant's
   * hosts and secrets), revoked when the execution ends; the executor's `fetch` capability
   * must use the same binding. Without it, a decision granting `fetch` is denied.
   */
  egress?: EgressBinding;
  /** One `pipeline.run` event per request. Default: silent. */
  logger?: Logger;
  /** Receives one event per request, whatever happened. Default: none. */
  audit?: AuditSink;
  /**
   * Receives the code of every request that carried code, allowed or refused, before its
   * audit event is written, so the event's `codeHash` names code an auditor can read.
   * A store that fails withholds the result, as a failed audit sink does. Default: none.
   */
  codeStore?: PipelineCodeStore;
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

export const containerUnavailable = 'the container executor is not enabled here';
export const egressUnavailable = 'fetch needs the egress proxy, which this pipeline does not have';

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
    const refusal = refusalOf(decision, options.egress !== undefined, options.containers);
    if (refusal !== undefined) {
      const refused = { ...decision, allow: false, reasons: [refusal] };
      return deniedResult(executionId, checked, summarize(decision.allow ? refused : decision));
    }
    const limits = isolateLimitsFor(request.limits, decision.limits);
    const result = await execute(request, executionId, decision, limits);
    return { ...result, ...checked, decision: summarize(decision, limits) };
  }

  /** Runs an allowed request; a `fetch` grant holds an egress credential for exactly as long. */
  async function execute(
    request: PipelineRequest,
    executionId: string,
    decision: Decision,
    limits: IsolateLimits,
  ): Promise<ExecutionResult> {
    const { tenant } = request;
    const { hosts, secrets } = decision;
    const fetchGranted = decision.capabilities.includes('fetch');
    const executionRequest: ExecutionRequest = {
      executionId,
      tenant,
      code: request.code,
      language: request.language,
      ...(request.input === undefined ? {} : { input: request.input }),
      capabilities: decision.capabilities,
      limits,
    };
    // refusalOf() has already turned a container decision without containers into a denial.
    if (decision.executor === 'container' && options.containers !== undefined) {
      const grant = fetchGranted ? { hosts, secrets } : undefined;
      return options.containers.execute(executionRequest, grant);
    }
    const release = fetchGranted
      ? options.egress?.bind({ tenant, executionId, hosts, secrets })
      : undefined;
    try {
      return await options.executor.execute(executionRequest);
    } finally {
      release?.();
    }
  }

  async function record(facts: AuditFacts): Promise<void> {
    const event = auditEventFor(facts);
    log(logger, event.tenant, facts, event.durationMs);
    // The code goes first, so no event names a hash whose code is missing; if it cannot
    // be stored, the event is still written and says so.
    const storeError = await storeCode(codeOf(facts.raw), event.codeHash);
    if (storeError !== undefined) event.detail = { ...event.detail, codeStored: false };
    let recordError: unknown;
    try {
      await options.audit?.record(event);
    } catch (error) {
      recordError = error;
    }
    const lost = recordError ?? storeError;
    if (lost === undefined) return;
    logger.error({ event: 'audit.failed', executionId: facts.executionId, error: String(lost) });
    // Fail closed: an answer whose audit trail was lost is not given. An earlier failure
    // is kept as the error the caller sees.
    if (facts.failure === undefined) {
      throw recordError === undefined ? codeStoreFailure(lost) : auditFailure(lost);
    }
  }

  /** Stores the code when there is a store and code; answers the error instead of throwing. */
  async function storeCode(code: string | undefined, expectedHash: string | undefined) {
    if (options.codeStore === undefined || code === undefined) return undefined;
    try {
      const stored = await options.codeStore.store(code);
      if (stored === expectedHash) return undefined;
      return new Error(`the code store answered hash ${stored}, expected ${expectedHash}`);
    } catch (error) {
      return error ?? new Error('the code store failed');
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

/** Why an allowing decision still cannot run here; a denial keeps its own reasons. */
function refusalOf(
  decision: Decision,
  hasEgress: boolean,
  containers: PipelineOptions['containers'],
): string | undefined {
  if (!decision.allow) return decision.reasons[0] ?? 'denied';
  if (decision.executor === 'container' && containers === undefined) return containerUnavailable;
  if (decision.capabilities.includes('fetch') && !hasEgress) return egressUnavailable;
  return undefined;
}

function auditFailure(cause: unknown): AirlockError {
  return new AirlockError(ErrorCode.Internal, 'the audit event could not be written', {
    cause,
    hint: 'Check the audit sink (its file, disk or database); no result is given without it.',
  });
}

function codeStoreFailure(cause: unknown): AirlockError {
  return new AirlockError(ErrorCode.Internal, 'the code of the run could not be stored', {
    cause,
    hint: 'Check the code store (its folder and disk); no result is given without it.',
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
