/**
 * Sends one `env.fetch` request to the egress proxy in absolute form and reads the answer.
 * Threat model: the upstream is untrusted, so its body is read only up to a cap and its
 * headers are copied as plain strings without `set-cookie`; the proxy decides everything
 * else (allow-list, SSRF guard, secrets), this side only carries the credential.
 */
import http from 'node:http';
import type { FetchRoute } from './fetch-binding.js';

export interface ProxiedRequest {
  target: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface FetchResponse {
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with `, `; never `set-cookie`. */
  headers: Record<string, string>;
  /** The body as UTF-8 text, cut at the byte cap. */
  body: string;
  /** True when the body was longer than the cap and was cut. */
  truncated: boolean;
}

export interface ReadLimits {
  maxResponseBytes: number;
  timeoutMs: number;
}

const droppedResponseHeaders = new Set(['set-cookie', 'set-cookie2']);

/** Sends `request` through the proxy; rejects with a FetchFailure on timeout or failure. */
export function sendViaProxy(
  route: FetchRoute,
  request: ProxiedRequest,
  limits: ReadLimits,
): Promise<FetchResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request({
      host: route.proxyOrigin.hostname.replace(/^\[|\]$/g, ''),
      port: route.proxyOrigin.port,
      method: request.method,
      path: request.target.href,
      headers: {
        ...request.headers,
        host: request.target.host,
        'proxy-authorization': route.proxyAuthorization,
      },
      agent: false,
    });
    const timer = setTimeout(() => {
      outgoing.destroy();
      reject(
        fetchFailure(`the request to ${request.target.host} took over ${limits.timeoutMs} ms`),
      );
    }, limits.timeoutMs);
    const settle =
      <T>(action: (value: T) => void) =>
      (value: T) => {
        clearTimeout(timer);
        action(value);
      };
    outgoing.on('error', () => {
      settle(reject)(fetchFailure(`the request to ${request.target.host} failed`));
    });
    outgoing.on('response', (incoming) => {
      readResponse(incoming, limits.maxResponseBytes).then(settle(resolve), () => {
        settle(reject)(fetchFailure(`the answer from ${request.target.host} broke off`));
      });
    });
    outgoing.end(request.body);
  });
}

async function readResponse(
  incoming: http.IncomingMessage,
  maxBytes: number,
): Promise<FetchResponse> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let truncated = false;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    const room = maxBytes - kept;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      truncated = true;
      break;
    }
    chunks.push(chunk);
    kept += chunk.length;
  }
  incoming.destroy();
  return {
    status: incoming.statusCode ?? 0,
    statusText: incoming.statusMessage ?? '',
    headers: plainHeaders(incoming.headers),
    body: Buffer.concat(chunks).toString('utf8'),
    truncated,
  };
}

function plainHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || droppedResponseHeaders.has(name)) continue;
    copy[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return copy;
}

/** A request that got no answer: the code sees an Error with this message. */
export class FetchFailure extends Error {
  override readonly name = 'FetchFailure';
}

function fetchFailure(message: string): FetchFailure {
  return new FetchFailure(`env.fetch: ${message}`);
}
