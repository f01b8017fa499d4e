/**
 * `/preview/<token>/…`: a dev server inside a sandbox, shown to a person. Threat model: the
 * token (32 random bytes, from `POST /v1/sandboxes/:name/ports`) is the only credential, so
 * the route needs no API key and answers 404 for any token it does not know; the request
 * reaches exactly the exposed port, through a tunnel that opens no container network.
 * Hop-by-hop headers and the caller's Authorization are not passed in; the answer is
 * confined by a sandboxing Content-Security-Policy, since the sandbox's server is untrusted.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { AirlockError, ErrorCode } from '@airlock/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../context.js';

const droppedHeaders = new Set([
  'authorization',
  'connection',
  'keep-alive',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

function forwardedHeaders(request: FastifyRequest): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = { connection: 'close', host: 'localhost' };
  for (const [name, value] of Object.entries(request.headers)) {
    if (!droppedHeaders.has(name) && value !== undefined) headers[name] = value;
  }
  return headers;
}

/**
 * The page runs in a sandboxed, opaque origin: it shares nothing with the gateway's origin
 * (the API, other previews), and it cannot set cookies there.
 */
const previewPolicy = 'sandbox allow-scripts allow-forms allow-popups allow-modals';

function answeredHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const answered: http.OutgoingHttpHeaders = { ...headers };
  delete answered['set-cookie'];
  answered['content-security-policy'] = previewPolicy;
  return answered;
}

function notFound(token: string): AirlockError {
  return new AirlockError(ErrorCode.NotFound, 'token: no preview with this token', {
    context: { field: 'token', token: token.slice(0, 4) },
    hint: 'Expose the port again with POST /v1/sandboxes/:name/ports; tokens end with their sandbox.',
  });
}

/** Sends the request through `tunnel` and streams the answer back. */
function relay(request: FastifyRequest, reply: FastifyReply, tunnel: Duplex, path: string) {
  return new Promise<void>((resolve) => {
    const upstream = http.request(
      {
        method: request.method,
        path,
        headers: forwardedHeaders(request),
        createConnection: () => tunnel,
      },
      (response) => {
        reply.raw.writeHead(response.statusCode ?? 502, answeredHeaders(response.headers));
        response.pipe(reply.raw);
        response.on('end', resolve);
      },
    );
    upstream.on('error', () => {
      if (!reply.raw.headersSent) reply.raw.writeHead(502, { 'content-type': 'text/plain' });
      reply.raw.end('the server inside the sandbox did not answer\n');
      resolve();
    });
    request.raw.pipe(upstream);
  });
}

export function registerPreviewRoute(app: FastifyInstance, context: GatewayContext): void {
  void app.register(async (scope) => {
    // Bodies pass through unread: the server inside parses them, not the gateway.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));

    scope.all<{ Params: { token: string; '*': string } }>(
      '/preview/:token/*',
      async (request, reply) => {
        const { token } = request.params;
        const tunnel = /^[A-Za-z0-9_-]{43}$/.test(token)
          ? await context.sandboxes?.openPreview(token)
          : undefined;
        if (tunnel === undefined) throw notFound(token);
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        reply.hijack();
        await relay(request, reply, tunnel, `/${request.params['*']}${query}`);
      },
    );
  });
}
