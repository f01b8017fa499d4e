/**
 * Calls a running gateway for the CLI. The key comes from AIRLOCK_API_KEY only, never from a
 * flag, so it does not show up in the process list or the shell history. Answers the gateway
 * refused (4xx, 5xx) and an unreachable gateway are usage errors: the CLI exits 2.
 */
import { UsageError } from '@airlock/core';
import type { CliIo } from './io.js';

/** The gateway's address: `--gateway`, else AIRLOCK_GATEWAY_URL, else the local default. */
export function gatewayBase(io: CliIo, flag: string | undefined): URL {
  const text = flag ?? io.env.AIRLOCK_GATEWAY_URL ?? 'http://127.0.0.1:8787';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--gateway: ${JSON.stringify(text)} is not an http(s) URL`, {
      hint: 'Give the address airlock serve printed, such as http://127.0.0.1:8787.',
    });
  }
  return url;
}

interface ErrorBody {
  error?: { message?: string; hint?: string };
}

/** Sends one JSON request with the key; a refused or failed answer is a UsageError. */
async function send(
  io: CliIo,
  base: URL,
  method: string,
  path: string,
  body: unknown,
): Promise<Response> {
  const key = io.env.AIRLOCK_API_KEY;
  if (key === undefined || key === '') {
    throw new UsageError('the gateway needs an API key in AIRLOCK_API_KEY', {
      hint: 'Set AIRLOCK_API_KEY to a key the gateway knows that covers the tenant.',
    });
  }
  const url = new URL(path, base);
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    const reason = error instanceof Error ? String(error.cause ?? error.message) : String(error);
    throw new UsageError(`--gateway: cannot reach ${url.origin} (${reason})`, {
      hint: 'Start it with airlock serve, or check the address.',
    });
  }
  if (response.ok) return response;
  const error = (parseJson(await response.text()) as ErrorBody | undefined)?.error;
  const message = error?.message ?? `the gateway answered ${response.status}`;
  throw new UsageError(`gateway: ${message} (HTTP ${response.status})`, {
    ...(error?.hint === undefined ? {} : { hint: error.hint }),
  });
}

/** Sends one JSON request; resolves to the status and the parsed body of a 2xx answer. */
export async function callGateway(
  io: CliIo,
  base: URL,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await send(io, base, method, path, body);
  return { status: response.status, body: parseJson(await response.text()) };
}

/** Sends one JSON request whose answer is NDJSON; calls `onLine` with each parsed line. */
export async function streamGateway(
  io: CliIo,
  base: URL,
  path: string,
  body: unknown,
  onLine: (line: unknown) => void,
): Promise<void> {
  const response = await send(io, base, 'POST', path, body);
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of response.body ?? []) {
    pending += decoder.decode(chunk as Uint8Array, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line !== '') onLine(parseJson(line));
  }
  if (pending.trim() !== '') onLine(parseJson(pending));
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}
