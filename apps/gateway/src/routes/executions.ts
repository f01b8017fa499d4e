/**
 * `POST /v1/executions` runs code through the pipeline (validate, decide, execute, audit);
 * `GET /v1/executions/:id` reads an execution back from the audit log. Threat model: the
 * key must cover the tenant before anything is parsed further or run; a lookup answers
 * 404 alike for an unknown id and for another tenant's, so ids of others cannot be probed.
 */
import { queryAudit } from '@airlock/audit';
import { AirlockError, ErrorCode, InvalidInputError, loggerFromPino } from '@airlock/core';
import { createPipeline, type PipelineRequest, type PipelineResult } from '@airlock/pipeline';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireTenant, type Caller } from '../api-keys.js';
import type { GatewayContext } from '../context.js';
import { claimedTenant } from '../request-audit.js';

const requestFields = 'tenant, language, code, input?, capabilities?, runtime?, limits?';

/** The caller set by the authentication hook; every `/v1` route has one. */
export function callerOf(request: FastifyRequest): Caller {
  if (request.caller === undefined) throw new Error('a /v1 route ran without authentication');
  return request.caller;
}

/** The tenant of a body, checked against the caller's key (400 without one, 403 outside). */
export function coveredTenant(request: FastifyRequest): string {
  if (request.body === null || typeof request.body !== 'object' || Array.isArray(request.body)) {
    throw new InvalidInputError('body', 'must be a JSON object', {
      hint: `Send { ${requestFields} }.`,
    });
  }
  const tenant = claimedTenant(request.body);
  if (tenant === undefined || tenant === '') {
    throw new InvalidInputError('tenant', 'is required and must be a non-empty string', {
      hint: 'Name the tenant the code runs for; your API key must cover it.',
    });
  }
  request.tenant = tenant;
  requireTenant(callerOf(request), tenant);
  return tenant;
}

async function execute(context: GatewayContext, request: FastifyRequest): Promise<PipelineResult> {
  const tenant = coveredTenant(request);
  const { runtime, decider, validator, lifecycle, config } = context;
  const pipeline = createPipeline({
    decider,
    validator,
    executor: runtime.executor,
    ...(context.containers === undefined ? {} : { containers: context.containers }),
    egress: runtime.egress,
    audit: runtime.audit,
    codeStore: runtime.codeStore,
    logger: loggerFromPino(request.log),
    allowSkipValidation: config.allowSkipValidation,
  });
  const startedMs = performance.now();
  const result = await context.limiter.run(tenant, () =>
    lifecycle.track(async () => {
      // From here on the pipeline audits the request, whatever happens.
      request.audited = true;
      // Unchecked here on purpose: the pipeline parses every request it is given.
      return pipeline.run(request.body as PipelineRequest);
    }),
  );
  const seconds = (performance.now() - startedMs) / 1000;
  const { executor, reasons } = result.decision;
  context.metrics.execution(result.status, executor, seconds, reasons);
  return result;
}

const executionIdPattern = /^[A-Za-z0-9-]{1,128}$/;

async function lookup(
  context: GatewayContext,
  request: FastifyRequest<{ Params: { id: string } }>,
) {
  const caller = callerOf(request);
  const { id } = request.params;
  if (!executionIdPattern.test(id)) {
    throw new InvalidInputError('id', 'is not an execution id', {
      hint: 'Use the executionId of an answer from POST /v1/executions.',
    });
  }
  const query = { executionId: id, kind: 'execution' as const, limit: 1 };
  for await (const record of queryAudit(context.config.audit.dir, query)) {
    if (!caller.tenants.has(record.tenant)) break;
    request.tenant = record.tenant;
    const { executionId, tenant, user, agent, time, outcome, decision, usage, codeHash } = record;
    const { durationMs } = record;
    return {
      executionId,
      tenant,
      user,
      agent,
      time,
      status: outcome,
      decision,
      usage,
      codeHash,
      durationMs,
    };
  }
  throw new AirlockError(ErrorCode.NotFound, `id: no execution ${id} for this API key's tenants`, {
    context: { field: 'id' },
    hint: 'Check the id; executions of tenants your key does not cover are not shown.',
  });
}

export function registerExecutionRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.post('/v1/executions', (request) => execute(context, request));
  app.get<{ Params: { id: string } }>('/v1/executions/:id', (request) => lookup(context, request));
}
