/**
 * `/v1/sandboxes`: a workbench container per tenant and name. Threat model: the key must
 * cover the tenant of every call; sandboxes of other tenants answer 404 like missing ones;
 * the policy decides whether the tenant may have containers and caps their limits. Commands
 * and files are the sandbox's own business; what they can reach is the executor's.
 */
import { AirlockError, ErrorCode, InvalidInputError } from '@airlock/core';
import type { SandboxService } from '@airlock/container';
import { parseStrict } from '@airlock/pipeline';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireTenant } from '../api-keys.js';
import type { GatewayContext } from '../context.js';
import { callerOf } from './executions.js';
import { streamExec } from './exec-stream.js';
import { decideSandbox } from './sandbox-policy.js';

const tenant = z.string().min(1).max(256).optional();
const command = z.array(z.string().max(65_536)).min(1).max(1_024);
const env = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(65_536));

const createSchema = z.strictObject({
  tenant,
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected 1-63 of a-z, 0-9 and -'),
  limits: z
    .strictObject({
      memoryMb: z.number().int().positive().optional(),
      maxProcesses: z.number().int().positive().optional(),
      diskMb: z.number().int().positive().optional(),
      maxLifetimeMs: z.number().int().positive().optional(),
    })
    .optional(),
});
const execSchema = z.strictObject({
  tenant,
  command,
  cwd: z.string().max(4_096).optional(),
  env: env.optional(),
  timeoutMs: z.number().int().positive().max(3_600_000).optional(),
  stdin: z
    .string()
    .max(16 * 1024 * 1024)
    .optional(),
  /** Answer as NDJSON: `{ stream, data }` lines as output arrives, then the result line. */
  stream: z.boolean().optional(),
});
const processSchema = z.strictObject({
  tenant,
  command,
  cwd: z.string().max(4_096).optional(),
  env: env.optional(),
});
const portSchema = z.strictObject({ tenant, port: z.number().int().min(1).max(65_535) });

type Params = { name: string; id?: string; '*'?: string };
type Query = { tenant?: string };

/** The tenant named in the body or `?tenant=`, else the key's only tenant; 403 outside the key. */
function tenantOf(request: FastifyRequest, named: string | undefined): string {
  const caller = callerOf(request);
  const query = (request.query ?? {}) as Query;
  const only = caller.tenants.size === 1 ? [...caller.tenants][0] : undefined;
  const chosen = named ?? query.tenant ?? only;
  if (chosen === undefined) {
    throw new InvalidInputError('tenant', 'is required: this key covers several tenants', {
      hint: 'Name the tenant in the body or as ?tenant=.',
    });
  }
  request.tenant = chosen;
  requireTenant(caller, chosen);
  return chosen;
}

function sandboxesOf(context: GatewayContext): SandboxService {
  if (context.sandboxes !== undefined) return context.sandboxes;
  throw new AirlockError(ErrorCode.Unavailable, 'the container executor is not enabled', {
    hint: 'Set container.enabled: true in airlock.yaml, on a machine with a Docker engine.',
  });
}

const hint = (shape: string) => `The body is ${shape}.`;

export function registerSandboxRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.post('/v1/sandboxes', async (request, reply) => {
    const body = parseStrict(createSchema, request.body, hint('{ tenant?, name, limits? }'));
    const owner = tenantOf(request, body.tenant);
    const { limits, hosts, secrets } = decideSandbox(context.decider, owner, body.limits);
    const service = sandboxesOf(context);
    const granted = context.sandboxEgress?.grant(owner, body.name, hosts, secrets);
    try {
      const created = await service.create({
        tenant: owner,
        name: body.name,
        limits,
        ...(granted === undefined ? {} : { egress: granted.egress }),
      });
      if (granted !== undefined) context.sandboxEgress?.track(created, granted.revoke);
      reply.code(201);
      return created;
    } catch (error) {
      granted?.revoke();
      throw error;
    }
  });

  app.get('/v1/sandboxes', async (request) => ({
    sandboxes: await sandboxesOf(context).list(tenantOf(request, undefined)),
  }));

  app.get<{ Params: Params }>('/v1/sandboxes/:name', async (request) =>
    sandboxesOf(context).get(tenantOf(request, undefined), request.params.name),
  );

  app.delete<{ Params: Params }>('/v1/sandboxes/:name', async (request, reply) => {
    await sandboxesOf(context).destroy(tenantOf(request, undefined), request.params.name);
    reply.code(204);
  });

  app.post<{ Params: Params }>('/v1/sandboxes/:name/exec', async (request, reply) => {
    const body = parseStrict(
      execSchema,
      request.body,
      hint('{ tenant?, command: [...], cwd?, env?, timeoutMs?, stdin?, stream? }'),
    );
    const { tenant: named, command: argv, stream, ...options } = body;
    const owner = tenantOf(request, named);
    const service = sandboxesOf(context);
    if (stream !== true) return service.exec(owner, request.params.name, argv, options);
    await service.get(owner, request.params.name);
    reply.type('application/x-ndjson');
    return streamExec((onOutput) =>
      service.exec(owner, request.params.name, argv, { ...options, onOutput }),
    );
  });

  registerFileRoutes(app, context);
  registerProcessRoutes(app, context);
}

function filePath(params: Params): string {
  const path = params['*'] ?? '';
  if (path === '') {
    throw new InvalidInputError('path', 'is empty', {
      hint: 'Put the file path after /files/, such as /files/src/index.js.',
    });
  }
  return path;
}

function registerFileRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.put<{ Params: Params }>('/v1/sandboxes/:name/files/*', async (request, reply) => {
    const content = request.body;
    if (!Buffer.isBuffer(content)) {
      throw new InvalidInputError('body', 'must be the file itself', {
        hint: 'Send the bytes with Content-Type: application/octet-stream.',
      });
    }
    const owner = tenantOf(request, undefined);
    await sandboxesOf(context).writeFile(
      owner,
      request.params.name,
      filePath(request.params),
      content,
    );
    reply.code(204);
  });

  app.get<{ Params: Params; Querystring: Query & { list?: string } }>(
    '/v1/sandboxes/:name/files/*',
    async (request, reply) => {
      const owner = tenantOf(request, undefined);
      const service = sandboxesOf(context);
      const path = filePath(request.params);
      if (request.query.list !== undefined) {
        return { files: await service.listFiles(owner, request.params.name, path) };
      }
      reply.header('content-type', 'application/octet-stream');
      return Buffer.from(await service.readFile(owner, request.params.name, path));
    },
  );
}

function registerProcessRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.post<{ Params: Params }>('/v1/sandboxes/:name/processes', async (request, reply) => {
    const body = parseStrict(
      processSchema,
      request.body,
      hint('{ tenant?, command: [...], cwd?, env? }'),
    );
    const { tenant: named, command: argv, ...options } = body;
    reply.code(201);
    return sandboxesOf(context).startProcess(
      tenantOf(request, named),
      request.params.name,
      argv,
      options,
    );
  });

  app.get<{ Params: Params }>('/v1/sandboxes/:name/processes/:id', async (request) =>
    sandboxesOf(context).processLogs(
      tenantOf(request, undefined),
      request.params.name,
      request.params.id ?? '',
    ),
  );

  app.delete<{ Params: Params }>('/v1/sandboxes/:name/processes/:id', async (request, reply) => {
    await sandboxesOf(context).stopProcess(
      tenantOf(request, undefined),
      request.params.name,
      request.params.id ?? '',
    );
    reply.code(204);
  });

  app.post<{ Params: Params }>('/v1/sandboxes/:name/ports', async (request, reply) => {
    const body = parseStrict(portSchema, request.body, hint('{ tenant?, port }'));
    const exposed = await sandboxesOf(context).exposePort(
      tenantOf(request, body.tenant),
      request.params.name,
      body.port,
    );
    reply.code(201);
    return { ...exposed, url: `${context.publicUrl}/preview/${exposed.token}/` };
  });
}
