/**
 * Allow-list matching for egress. Threat model: a sandbox names any host it likes, in any
 * spelling (case, trailing dot, Unicode, odd IPv4 forms); every spelling of one host must
 * meet the same rule. Whether the host's addresses are safe is the SSRF guard's job.
 */

/** What a request wants to reach, as the allow-list sees it. */
export interface EgressTarget {
  /** Normalised by `normalizeHost`. */
  host: string;
  port: number;
  /** `connect` targets match only patterns whose port (default 443) equals theirs. */
  scheme: 'http' | 'https' | 'connect';
}

interface ParsedPattern {
  source: string;
  /** `*` alone, `*.suffix`, or an exact host. */
  kind: 'any' | 'wildcard' | 'exact';
  host: string;
  port?: number;
}

const defaultPortByScheme = { http: 80, https: 443, connect: 443 } as const;

/**
 * Lower-cases a host, drops trailing dots and brackets, turns IDN into punycode and every
 * IPv4 spelling (`2130706433`, `0x7f.1`, `0177.0.0.1`) into dotted decimal, as a URL parser
 * does. Returns undefined for a host no URL could carry.
 */
export function normalizeHost(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (trimmed === '' || /[\s/?#@\\]/.test(trimmed)) return undefined;
  const unbracketed = trimmed.replace(/^\[(.*)\]$/, '$1');
  if (unbracketed.includes(':')) return normalizeIpv6(unbracketed);
  try {
    const hostname = new URL(`http://${unbracketed}/`).hostname;
    const stripped = hostname.replace(/\.+$/, '');
    return stripped === '' ? undefined : stripped;
  } catch {
    return undefined;
  }
}

function normalizeIpv6(literal: string): string | undefined {
  // A zone (`fe80::1%eth0`) is dropped for matching; the SSRF guard refuses link-local anyway.
  const withoutZone = literal.replace(/%.*$/, '');
  try {
    return new URL(`http://[${withoutZone}]/`).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined;
  }
}

/** Splits `host:port` (or `[v6]:port`) into its parts; the port is undefined when absent. */
export function splitHostPort(value: string): { host: string; port?: number } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (bracketed) return withPort(bracketed[1] ?? '', bracketed[2]);
  const colons = value.split(':').length - 1;
  if (colons > 1) return { host: value };
  const [host = '', port] = value.split(':');
  return withPort(host, port);
}

function withPort(host: string, port: string | undefined): ReturnType<typeof splitHostPort> {
  if (port === undefined) return { host };
  if (!/^\d{1,5}$/.test(port)) return undefined;
  const number = Number(port);
  return number >= 1 && number <= 65_535 ? { host, port: number } : undefined;
}

function parsePattern(source: string): ParsedPattern | undefined {
  const split = splitHostPort(source.trim());
  if (!split) return undefined;
  const { host, port } = split;
  if (host === '*') return { source, kind: 'any', host: '*', port };
  if (host.startsWith('*.')) {
    const suffix = normalizeHost(host.slice(2));
    return suffix ? { source, kind: 'wildcard', host: suffix, port } : undefined;
  }
  const exact = normalizeHost(host);
  return exact ? { source, kind: 'exact', host: exact, port } : undefined;
}

function hostMatches(pattern: ParsedPattern, host: string): boolean {
  if (pattern.kind === 'any') return true;
  // `*.example.com` matches any name below example.com, not example.com itself.
  if (pattern.kind === 'wildcard') return host.endsWith(`.${pattern.host}`);
  return host === pattern.host;
}

/**
 * The first pattern that allows `target`, or undefined. A pattern without a port allows the
 * scheme's default port only (80 for http, 443 for https and CONNECT).
 */
export function matchAllowList(
  patterns: readonly string[],
  target: EgressTarget,
): string | undefined {
  const wantedPortDefault = defaultPortByScheme[target.scheme];
  for (const source of patterns) {
    const pattern = parsePattern(source);
    if (!pattern || !hostMatches(pattern, target.host)) continue;
    if ((pattern.port ?? wantedPortDefault) === target.port) return source;
  }
  return undefined;
}
