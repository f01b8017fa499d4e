/**
 * The proxy's own answers. Each carries a short reason, in a header and as the body, made
 * only from the proxy's words and normalised host names: never a header, a query string or
 * a secret from the request.
 */
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export const refusalHeader = 'x-airlock-refused';

const statusText: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export interface StatusOptions {
  headers?: Record<string, string>;
  /** Close the connection after the answer (the request body was not read). */
  close?: boolean;
}

/** Keeps a reason printable and short, so it is a safe header value. */
function safeReason(reason: string): string {
  return reason.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}

/** Answers with `status`, the reason in `X-Airlock-Refused` and as a plain-text body. */
export function sendStatus(
  res: ServerResponse,
  status: number,
  reason: string,
  options: StatusOptions = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = safeReason(reason);
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(text) + 1),
    [refusalHeader]: text,
    ...(options.close ? { connection: 'close' } : {}),
    ...options.headers,
  });
  res.end(`${text}\n`);
}

/** The same answer written on a raw socket (CONNECT), after which the socket is closed. */
export function writeRawStatus(
  socket: Duplex,
  status: number,
  reason: string,
  headers: Record<string, string> = {},
): void {
  const text = safeReason(reason);
  const lines = [
    `HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}`,
    'content-type: text/plain; charset=utf-8',
    `content-length: ${Buffer.byteLength(text) + 1}`,
    `${refusalHeader}: ${text}`,
    'connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${text}\n`);
}

export const proxyAuthenticate = { 'proxy-authenticate': 'Basic realm="airlock-egress"' };
