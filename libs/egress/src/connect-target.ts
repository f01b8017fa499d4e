import { normalizeHost, splitHostPort } from './allow-list.js';

/**
 * The `host:port` of a CONNECT request, normalised like every other host. The port is
 * required: a tunnel names exactly where it goes.
 */
export function connectTargetOf(authority: string): { host: string; port: number } | undefined {
  const split = splitHostPort(authority);
  if (!split || split.port === undefined) return undefined;
  const host = normalizeHost(split.host);
  return host ? { host, port: split.port } : undefined;
}
