/**
 * What happens around every route: authentication of `/v1` requests, one JSON error shape,
 * a `request` audit event for each `/v1` request the pipeline did not audit itself, the
 * request id header and the latency metric.
 */
import { AirlockError, ErrorCode } from '@airlock/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayContext } from './context.js';
import { errorReply } from './http-errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The error code answered, for the audit event. */
    errorCode: string | undefined;
  }
}

const isApiRoute = (request: FastifyRequest) => request.url.startsWith('/v1/');

function sendError(
  context: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
) {
  const { status, body } = errorReply(error, request.id, context.config.server.bodyLimitBytes);
  if (status >= 500) request.log.error({ event: 'request.failed', err: error });
  if (status === 429 || status === 503) reply.header('retry-after', '1');
  if (status !== 200 && status < 500) context.metrics.refused(status);
  request.errorCode = body.error.code;
  return reply.code(status).send(body);
}

export function installHooks(app: FastifyInstance, context: GatewayContext): void {
  // JSON, and raw bytes for sandbox files: any other body is refused with 415.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );
  app.decorateRequest('caller', undefined);
  app.decorateRequest('audited', false);
  app.decorateRequest('tenant', undefined);
  app.decorateRequest('errorCode', undefined);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (!isApiRoute(request)) return;
    context.lifecycle.refuseWhenClosing();
    request.caller = context.keys.authenticate(request.headers.authorization);
  });

  app.setErrorHandler((error, request, reply) => sendError(context, request, reply, error));

  app.setNotFoundHandler((request, reply) => {
    const error = new AirlockError(
      ErrorCode.NotFound,
      `path: no route ${request.method} ${request.url.split('?')[0]}`,
      {
        context: { field: 'path' },
        hint: 'The API is POST /v1/validate, POST /v1/executions and GET /v1/executions/:id.',
      },
    );
    return sendError(context, request, reply, error);
  });

  // Before the answer leaves, so an audit event exists for every answer a caller saw.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!isApiRoute(request) || request.audited) return payload;
    await context.auditRequest({
      requestId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? request.url.split('?')[0] ?? '',
      statusCode: reply.statusCode,
      ...(request.errorCode === undefined ? {} : { errorCode: request.errorCode }),
      ...(request.tenant === undefined ? {} : { tenant: request.tenant }),
      ...(request.caller === undefined ? {} : { keyName: request.caller.keyName }),
      durationMs: reply.elapsedTime,
    });
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    context.metrics.httpRequest(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
  });
}
