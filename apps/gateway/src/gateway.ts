/**
 * The gateway: the HTTP door in front of the pipeline. It owns authentication, per-tenant
 * concurrency, metrics and shutdown; every security decision about code is the
 * pipeline's. Threat model: callers are services holding API keys, each limited to its
 * tenants; anything without a valid key is refused before a body is even read, and every
 * `/v1` request, refused or not, leaves an audit event.
 */
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createPinoInstance, loggerFromPino, type AuditSink } from '@airlock/core';
import { ContainerCodeExecutor } from '@airlock/container';
import { createValidator, memoizeValidator } from '@airlock/validator';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { ApiKeyRing } from './api-keys.js';
import type { GatewayConfig } from './config/schema.js';
import type { GatewayContext } from './context.js';
import {
  policyDeciderFor,
  secretValuesFor,
  startContainers,
  type Containers,
} from './gateway-setup.js';
import { installHooks } from './hooks.js';
import { Lifecycle } from './lifecycle.js';
import { GatewayMetrics } from './metrics.js';
import { requestEvent } from './request-audit.js';
import { registerExecutionRoutes } from './routes/executions.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerPreviewRoute } from './routes/preview.js';
import { registerSandboxRoutes } from './routes/sandboxes.js';
import { registerValidateRoute } from './routes/validate.js';
import { startRuntime } from './runtime.js';
import { TenantLimiter } from './tenant-limiter.js';

export interface GatewayOptions {
  config: GatewayConfig;
  /** Where secret values (`egress.secrets.*.env`) are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Where log lines go. Default standard error. */
  logDestination?: NodeJS.WritableStream;
  /** Image build progress, when the gateway has to build the sandbox image first. */
  onProgress?: (line: string) => void;
}

export interface Gateway {
  app: FastifyInstance;
  context: GatewayContext;
  /** `http://host:port` once listening. */
  url: string;
  /**
   * Stops taking requests (503), waits up to `server.shutdownGraceMs` for running
   * executions, cancels the rest, then stops the sandboxes and flushes the audit log.
   */
  close(): Promise<void>;
}

function requestId(header: unknown): string {
  return typeof header === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(header)
    ? header
    : randomUUID();
}

/** Starts the runtime, then listens; on any failure whatever started is stopped again. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options;
  const env = options.env ?? process.env;
  const decider = policyDeciderFor(config);
  const log = createPinoInstance({
    level: config.logLevel,
    ...(options.logDestination === undefined ? {} : { destination: options.logDestination }),
  });
  const metrics = new GatewayMetrics();
  const secretValues = secretValuesFor(config, env);
  const runtime = await startRuntime({
    auditDir: config.audit.dir,
    kvFile: config.isolate.kvFile ?? join(dirname(config.audit.dir), 'kv.sqlite'),
    ...(config.isolate.sqlFile === undefined ? {} : { sqlFile: config.isolate.sqlFile }),
    secretValues,
    allowedPrivateRanges: config.egress.allowPrivate,
    workers: config.isolate.workers,
    poolSize: config.isolate.poolSize,
    logger: loggerFromPino(log),
    onAuditEvent: (event) => metrics.auditEvent(event),
  });
  let containers: Containers | undefined;
  try {
    containers = await startContainers(config, {
      env,
      logger: loggerFromPino(log),
      audit: runtime.audit,
      secretValues,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: config.server.bodyLimitBytes,
    genReqId: (request) => requestId(request.headers['x-request-id']),
    forceCloseConnections: 'idle',
  });
  const limiter = new TenantLimiter(config.concurrency);
  metrics.observe(
    () => runtime.executor.stats(),
    () => limiter.queued(),
    () => containers?.executor.activeSandboxes,
  );
  const context: GatewayContext = {
    config,
    keys: new ApiKeyRing(config.apiKeys),
    decider,
    validator: memoizeValidator(createValidator()),
    lifecycle: new Lifecycle(),
    sandboxes: containers?.executor,
    sandboxEgress: containers?.egress,
    containers: containers && new ContainerCodeExecutor(containers.executor, containers.egress),
    stopContainers: async () => containers?.close(),
    publicUrl: '',
    runtime,
    limiter,
    metrics,
    auditRequest: async (facts) => auditQuietly(runtime.audit, facts, log),
  };
  try {
    installHooks(app, context);
    registerHealthRoutes(app, context);
    registerValidateRoute(app, context);
    registerExecutionRoutes(app, context);
    registerSandboxRoutes(app, context);
    registerPreviewRoute(app, context);
    const url = await app.listen({ host: config.server.host, port: config.server.port });
    context.publicUrl = (config.server.publicUrl ?? url).replace(/\/$/, '');
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= closeGateway(app, context));
    return { app, context, url, close };
  } catch (error) {
    await app.close();
    await containers?.close();
    await runtime.close();
    throw error;
  }
}

async function auditQuietly(
  audit: AuditSink,
  facts: Parameters<typeof requestEvent>[0],
  log: FastifyInstance['log'],
): Promise<void> {
  try {
    await audit.record(requestEvent(facts));
  } catch (error) {
    log.error({ event: 'audit.failed', requestId: facts.requestId, error: String(error) });
  }
}

async function closeGateway(app: FastifyInstance, context: GatewayContext): Promise<void> {
  const { lifecycle, runtime, config } = context;
  lifecycle.beginClosing();
  const finished = await lifecycle.drain(config.server.shutdownGraceMs);
  // Killing the workers ends what is still running as `crashed`; the pipeline still
  // audits and answers those requests before the server closes below.
  if (!finished) await runtime.executor.close();
  await lifecycle.drain(config.server.shutdownGraceMs);
  await app.close();
  await context.stopContainers();
  await runtime.close();
  app.log.info({ event: 'gateway.closed', cancelled: !finished });
}
