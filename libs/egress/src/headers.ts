/**
 * Header hygiene between a sandbox and an upstream. Threat model: a sandbox smuggles a second
 * request or header through CR/LF/NUL, steers the proxy with hop-by-hop headers, or reads a
 * secret back from a header. Node's parser already rejects most of this; these checks hold
 * even if it were lenient.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const forbiddenCharacters = /[\r\n\0]/;

/** True when a request target or any raw header name or value holds CR, LF or NUL. */
export function hasForbiddenCharacters(target: string, rawHeaders: readonly string[]): boolean {
  return forbiddenCharacters.test(target) || rawHeaders.some((v) => forbiddenCharacters.test(v));
}

/** Names listed in `Connection`, which are hop-by-hop for this message only. */
function connectionListed(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection ?? '';
  return new Set(
    value
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
}

/**
 * Copies `headers` without hop-by-hop headers, without `host`, and without any name in
 * `drop` (lower case).
 */
export function endToEndHeaders(
  headers: IncomingHttpHeaders,
  drop: ReadonlySet<string> = new Set(),
): OutgoingHttpHeaders {
  const listed = connectionListed(headers);
  const result: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || hopByHop.has(name) || listed.has(name) || drop.has(name)) continue;
    if (name === 'host') continue;
    result[name] = value;
  }
  return result;
}

/** Response headers for the sandbox: end-to-end only, and none that carries a secret value. */
export function responseHeaders(
  headers: IncomingHttpHeaders,
  secretValues: readonly string[],
): OutgoingHttpHeaders {
  const result = endToEndHeaders(headers);
  for (const [name, value] of Object.entries(result)) {
    const text = Array.isArray(value) ? value.join('\n') : String(value);
    if (secretValues.some((secret) => text.includes(secret))) delete result[name];
  }
  return result;
}
