/**
 * Decides where a request may go and which secret rides with it. Threat model: a sandbox
 * reaches a host its grant does not name, gets a secret sent to a host the policy did not
 * bind it to, or escapes a service route's base path. Secrets are chosen here by grant and
 * host only; the SSRF guard then checks the addresses.
 */
import { matchAllowList, normalizeHost, type EgressTarget } from './allow-list.js';
import { pathWithoutQuery } from './egress-record.js';
import type { EgressGrant, SecretSpec, ServiceRoute } from './types.js';

/** A secret ready to send: header name (lower case) and the full header value. */
export interface SecretHeader {
  header: string;
  value: string;
  /** The bare secret, to keep it out of anything sent back. */
  secret: string;
}

export type Planned<T> =
  { ok: true; value: T } | { ok: false; status: number; reason: string; rule: string };

/** A refusal: the status, the reason shown to the sandbox, the rule for the audit log. */
export type Refusal = Extract<Planned<unknown>, { ok: false }>;

export interface ForwardTarget extends EgressTarget {
  url: URL;
  path: string;
}

/** Normalises a secret option into header, prefix and value. */
export function secretHeader(spec: string | SecretSpec): SecretHeader {
  const full = typeof spec === 'string' ? { value: spec } : spec;
  const header = (full.header ?? 'authorization').toLowerCase();
  const prefix = full.prefix ?? (header === 'authorization' ? 'Bearer ' : '');
  return { header, value: `${prefix}${full.value}`, secret: full.value };
}

/** Parses an absolute-form target (`http://…` or `https://…`). */
export function parseForwardTarget(target: string): Planned<ForwardTarget> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return refused(400, 'malformed request target', 'request:target');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return refused(400, `scheme not supported: ${url.protocol}`, 'request:scheme');
  }
  if (url.username !== '' || url.password !== '') {
    return refused(400, 'credentials in the request target', 'request:target');
  }
  return targetFromUrl(url);
}

function targetFromUrl(url: URL): Planned<ForwardTarget> {
  const host = normalizeHost(url.hostname);
  if (!host) return refused(400, 'malformed host', 'request:target');
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port === '' ? (scheme === 'https' ? 443 : 80) : Number(url.port);
  return { ok: true, value: { url, host, port, scheme, path: pathWithoutQuery(url.pathname) } };
}

/** Allow-list check for a forward request; the rule is the pattern that allowed it. */
export function allowForward(grant: EgressGrant, target: EgressTarget): Planned<string> {
  const rule = matchAllowList(grant.hosts, target);
  if (rule === undefined) {
    const shown = target.scheme === 'connect' ? `${target.host}:${target.port}` : target.host;
    return refused(403, `host not allowed: ${shown}`, 'allow-list');
  }
  return { ok: true, value: rule };
}

/** Every secret the grant binds to this host, with the value the operator configured. */
export function secretsForHost(
  grant: EgressGrant,
  target: EgressTarget,
  values: Readonly<Record<string, string | SecretSpec>>,
): SecretHeader[] {
  const headers: SecretHeader[] = [];
  for (const [name, patterns] of Object.entries(grant.secrets)) {
    const spec = Object.hasOwn(values, name) ? values[name] : undefined;
    if (spec !== undefined && matchAllowList(patterns, target) !== undefined) {
      headers.push(secretHeader(spec));
    }
  }
  return headers;
}

/**
 * Resolves `/svc/<name>/<rest>` to the route's upstream URL. The result must stay under the
 * route's base path, so `..` cannot climb out of it.
 */
export function planServiceTarget(
  requestTarget: string,
  routes: ReadonlyMap<string, ServiceRoute>,
): Planned<{ route: ServiceRoute; target: ForwardTarget }> {
  const match = /^\/svc\/([A-Za-z0-9_.-]+)(\/[^]*)?$/.exec(requestTarget);
  const route = match?.[1] === undefined ? undefined : routes.get(match[1]);
  if (!match || !route) return refused(404, 'unknown service route', 'service:unknown');
  const base = new URL(route.upstream);
  const basePath = base.pathname.replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(`${base.origin}${basePath}${match[2] ?? '/'}`);
  } catch {
    return refused(400, 'malformed request target', 'request:target');
  }
  if (url.origin !== base.origin || !url.pathname.startsWith(`${basePath}/`)) {
    return refused(400, 'path leaves the service route', 'service:path');
  }
  const target = targetFromUrl(url);
  return target.ok ? { ok: true, value: { route, target: target.value } } : target;
}

/**
 * A route with a secret is allowed when the grant binds that secret to the upstream's host;
 * a route without one when the grant's allow-list names the upstream.
 */
export function allowService(
  grant: EgressGrant,
  route: ServiceRoute,
  target: EgressTarget,
): Planned<string> {
  if (route.secret === undefined) {
    const allowed = allowForward(grant, target);
    return allowed.ok ? { ok: true, value: `service:${route.name}` } : allowed;
  }
  const patterns = Object.hasOwn(grant.secrets, route.secret) ? grant.secrets[route.secret] : [];
  if (matchAllowList(patterns ?? [], target) === undefined) {
    return refused(403, `service not granted: ${route.name}`, 'service:not-granted');
  }
  return { ok: true, value: `service:${route.name}` };
}

export function refused(
  status: number,
  reason: string,
  rule: string,
): { ok: false; status: number; reason: string; rule: string } {
  return { ok: false, status, reason, rule };
}
