/**
 * Sends one checked request upstream and streams the answer back. Threat model: a sandbox
 * sends more than allowed, an upstream sends more than allowed or stalls, or an upstream
 * redirect would lead the proxy elsewhere. Bodies are counted both ways and cut at their
 * limits; redirects go back to the sandbox unfollowed; the connection goes to the exact
 * address the SSRF guard checked, never to a fresh DNS answer.
 */
import http, {
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import type { EgressRecord } from './egress-record.js';
import { responseHeaders } from './headers.js';
import { sendStatus } from './responses.js';
import type { EgressLimits } from './types.js';

/** Where a request goes, after the allow-list and the SSRF guard said yes. */
export interface UpstreamPlan {
  url: URL;
  /** The address the SSRF guard checked; the only one connected to. */
  address: string;
  family: 4 | 6;
  /** End-to-end headers, Host and any secret already set. */
  headers: OutgoingHttpHeaders;
  /** Values never passed back to the sandbox in a response header. */
  secretValues: readonly string[];
  /** The allow-list pattern or route that decided. */
  rule: string;
}

export interface UpstreamContext {
  limits: EgressLimits;
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
  ca?: string[];
}

class ConnectTimeoutError extends Error {}

/** Resolves when the exchange is over and recorded. */
export function sendUpstream(
  req: IncomingMessage,
  res: ServerResponse,
  plan: UpstreamPlan,
  record: EgressRecord,
  context: UpstreamContext,
): Promise<void> {
  return new Promise((resolve) => {
    const upstream = openUpstream(req, plan, context);
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
      record.finish('allowed', res.statusCode, plan.rule);
      resolve();
    });
    upstream.on('error', (error) => failUpstream(res, record, plan, error));
    upstream.on('response', (answer) => relayResponse(answer, res, plan, record, context.limits));
    pumpRequestBody(req, res, upstream, record, context.limits);
  });
}

function openUpstream(
  req: IncomingMessage,
  plan: UpstreamPlan,
  context: UpstreamContext,
): http.ClientRequest {
  const secure = plan.url.protocol === 'https:';
  const hostname = plan.url.hostname.replace(/^\[(.*)\]$/, '$1');
  const options: https.RequestOptions = {
    host: plan.address,
    family: plan.family,
    port: plan.url.port === '' ? (secure ? 443 : 80) : Number(plan.url.port),
    path: `${plan.url.pathname}${plan.url.search}`,
    method: req.method ?? 'GET',
    headers: plan.headers,
    agent: secure ? context.httpsAgent : context.httpAgent,
    ...(secure && isIP(hostname) === 0 ? { servername: hostname } : {}),
    ...(secure && context.ca ? { ca: context.ca } : {}),
  };
  const upstream = (secure ? https : http).request(options);
  upstream.on('socket', (socket) => armTimeouts(upstream, socket, secure, context.limits));
  return upstream;
}

function armTimeouts(
  upstream: http.ClientRequest,
  socket: Socket,
  secure: boolean,
  limits: EgressLimits,
): void {
  upstream.setTimeout(limits.idleTimeoutMs, () => upstream.destroy(new Error('upstream idle')));
  if (!socket.connecting) return;
  const timer = setTimeout(
    () => upstream.destroy(new ConnectTimeoutError('connect timeout')),
    limits.connectTimeoutMs,
  );
  socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(timer));
  socket.once('close', () => clearTimeout(timer));
}

function failUpstream(
  res: ServerResponse,
  record: EgressRecord,
  plan: UpstreamPlan,
  error: Error,
): void {
  if (res.headersSent) {
    // Already answered in full (a refusal of ours) or mid-body: then the sandbox sees a cut.
    if (!res.writableEnded) res.destroy();
    return;
  }
  const timedOut = error instanceof ConnectTimeoutError;
  // The message names no header and no secret: only what went wrong, in general terms.
  const reason = timedOut ? 'upstream connect timeout' : 'upstream connection failed';
  sendStatus(res, timedOut ? 504 : 502, reason);
  record.finish('allowed', timedOut ? 504 : 502, plan.rule);
}

function pumpRequestBody(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: http.ClientRequest,
  record: EgressRecord,
  limits: EgressLimits,
): void {
  req.on('data', (chunk: Buffer) => {
    record.bytesOut += chunk.length;
    if (record.bytesOut > limits.maxRequestBodyBytes) {
      upstream.destroy();
      req.pause();
      refuseBodyTooLarge(res, record);
      return;
    }
    if (!upstream.write(chunk)) req.pause();
  });
  upstream.on('drain', () => req.resume());
  req.on('end', () => upstream.end());
  req.on('error', () => upstream.destroy());
}

function refuseBodyTooLarge(res: ServerResponse, record: EgressRecord): void {
  if (!res.headersSent) {
    sendStatus(res, 413, 'request body too large', { close: true });
    record.finish('refused', 413, 'limit:request-body');
  } else {
    res.destroy();
  }
}

function relayResponse(
  answer: IncomingMessage,
  res: ServerResponse,
  plan: UpstreamPlan,
  record: EgressRecord,
  limits: EgressLimits,
): void {
  if (res.headersSent) {
    answer.destroy();
    return;
  }
  const declared = Number(answer.headers['content-length'] ?? 0);
  if (declared > limits.maxResponseBodyBytes) {
    answer.destroy();
    sendStatus(res, 502, 'response body too large', { close: true });
    record.finish('refused', 502, 'limit:response-body');
    return;
  }
  res.writeHead(answer.statusCode ?? 502, responseHeaders(answer.headers, plan.secretValues));
  answer.on('data', (chunk: Buffer) => relayChunk(chunk, answer, res, record, limits));
  res.on('drain', () => answer.resume());
  answer.on('end', () => res.end());
  answer.on('error', () => res.destroy());
}

function relayChunk(
  chunk: Buffer,
  answer: IncomingMessage,
  res: ServerResponse,
  record: EgressRecord,
  limits: EgressLimits,
): void {
  const room = limits.maxResponseBodyBytes - record.bytesIn;
  if (chunk.length <= room) {
    record.bytesIn += chunk.length;
    if (!res.write(chunk)) answer.pause();
    return;
  }
  // Cut and close: the sandbox gets the allowed bytes, then the connection ends mid-body.
  record.bytesIn += room;
  answer.destroy();
  record.finish('allowed', res.statusCode, 'limit:response-body');
  res.write(chunk.subarray(0, room), () => res.destroy());
}
