/**
 * `env.fetch(url, init?)` (also `env.fetch.request`): HTTP from the isolate, always through
 * the egress proxy.
 * Threat model: the code chooses the URL, method, headers and body, and may try to smuggle
 * headers (CR/LF), impersonate the proxy credential or reach hosts it was not granted. The
 * credential stays in the host (looked up by execution id, never passed in), the request
 * goes to the proxy, which applies the policy's allow-list, the SSRF guard and the secrets,
 * and the answer comes back as plain JSON with its body capped.
 *
 * Outcomes, as the code sees them:
 * - any HTTP answer, including the proxy's refusals (403 host not allowed or a private
 *   address, 407 credential ended, 429 rate, 502 upstream down), is a resolved response
 *   `{ status, statusText, headers, body, truncated }`; a refusal names its reason in the
 *   `x-airlock-refused` header and the body;
 * - invalid arguments, no credential for this execution, a timeout or a proxy that cannot
 *   be reached reject with an Error whose message says which.
 *
 * NOTE: redirects are returned as they are (3xx with `location`), never followed.
 * NOTE: the body is text (UTF-8); binary bodies are not supported.
 */
import { InvalidInputError } from '@airlock/core';
import { z } from 'zod';
import type { CallContext, Capability } from '../types.js';
import { buildCapability } from './define.js';
import type { EgressBinding } from './fetch-binding.js';
import { FetchFailure, sendViaProxy, type FetchResponse } from './fetch-request.js';
import { utf8String } from './schemas.js';

export interface FetchCapabilityOptions {
  /** Holds each execution's proxy credential; the pipeline binds and releases them. */
  egress: EgressBinding;
  /** Longest body passed back to the code; beyond it `truncated` is true. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Largest request body the code may send. Default 256 KiB. */
  maxRequestBytes?: number;
  /** One request, from sending to the end of the body. Default 10,000. */
  timeoutMs?: number;
}

const maxUrlBytes = 8 * 1024;
const methodToken = /^[A-Z]{1,16}$/;
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
// Visible ASCII, space, tab and non-ASCII text; never CR, LF or NUL.
const headerValue = /^[^\r\n\0]{0,8192}$/;
/** Set by the capability itself; the code may not choose them. */
const reservedHeaders = new Set(['host', 'proxy-authorization', 'content-length', 'connection']);

export function createFetchCapability(options: FetchCapabilityOptions): Capability {
  const limits = {
    maxResponseBytes: options.maxResponseBytes ?? 1024 * 1024,
    timeoutMs: options.timeoutMs ?? 10_000,
  };
  const init = z
    .strictObject({
      method: z.string().regex(methodToken, 'must be an upper-case method such as GET').optional(),
      headers: z.record(z.string(), z.string()).optional(),
      body: utf8String(options.maxRequestBytes ?? 256 * 1024).optional(),
    })
    .optional();

  const request = {
    args: z.tuple([utf8String(maxUrlBytes), init]),
    handler: (
      context: CallContext,
      [url, given]: [string, z.infer<typeof init>],
    ): Promise<FetchResponse> => {
      const route = options.egress.lookup(executionOf(context));
      if (route === undefined) throw notBound();
      const plan = {
        target: targetOf(url),
        method: given?.method ?? 'GET',
        headers: checkedHeaders(given?.headers ?? {}),
        body: given?.body,
      };
      return sendViaProxy(route, plan, limits);
    },
  };
  // `invoke` makes the capability itself callable in the sandbox: env.fetch(url, init).
  return buildCapability({ name: 'fetch', methods: { invoke: request, request } });
}

function executionOf(context: CallContext): string {
  if (typeof context.executionId !== 'string' || context.executionId === '') {
    throw new InvalidInputError(
      'fetch',
      'the call has no execution id; the executor must supply one',
    );
  }
  return context.executionId;
}

function targetOf(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new InvalidInputError('fetch.request', 'argument 1 must be an absolute URL');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new InvalidInputError('fetch.request', 'argument 1 must be an http: or https: URL');
  }
  if (target.username !== '' || target.password !== '') {
    throw new InvalidInputError('fetch.request', 'argument 1 must not carry a user or password');
  }
  target.hash = '';
  return target;
}

function checkedHeaders(headers: Record<string, string>): Record<string, string> {
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!headerName.test(name)) throw badHeader(`header name "${name.slice(0, 40)}" is invalid`);
    if (!headerValue.test(value))
      throw badHeader(`header ${lower} has CR, LF or NUL, or is too long`);
    if (reservedHeaders.has(lower)) throw badHeader(`header ${lower} is set by Airlock`);
    checked[lower] = value;
  }
  return checked;
}

function badHeader(message: string): InvalidInputError {
  return new InvalidInputError('fetch.request', `argument 2 field headers: ${message}`);
}

function notBound(): FetchFailure {
  return new FetchFailure(
    'env.fetch: this execution has no egress credential (the pipeline binds one when the policy grants fetch)',
  );
}
