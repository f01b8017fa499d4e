/**
 * SSRF guard. Threat model: a sandbox steers the proxy at the host's own services, the cloud
 * metadata endpoint or the private network, by literal address in any spelling, by a name
 * that resolves there, or by a name that answers differently on a second lookup. The guard
 * resolves once, refuses if any answer is not public unicast, and hands back the one address
 * the caller must connect to. Which hosts are allowed at all is the allow-list's job.
 */
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import type { EgressResolver, ResolvedAddress } from './types.js';

export type SsrfVerdict =
  { ok: true; address: string; family: 4 | 6 } | { ok: false; reason: string; rule: string };

export interface SsrfGuardOptions {
  resolver?: EgressResolver;
  /** CIDR ranges allowed although not public, e.g. `127.0.0.1/32` for a test upstream. */
  allowedPrivateRanges?: readonly string[];
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** The default resolver: every address the system resolver knows, in its order. */
export const systemResolver: EgressResolver = async (host) => {
  const answers = await lookup(host, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family }));
};

/** Parses CIDR ranges; a malformed one throws, so an operator's typo fails at start. */
export function parseRanges(ranges: readonly string[]): Cidr[] {
  return ranges.map((range) => {
    try {
      return range.includes('/') ? ipaddr.parseCIDR(range) : singleAddress(range);
    } catch (cause) {
      throw new Error(`allowedPrivateRanges: ${JSON.stringify(range)} is not a CIDR range`, {
        cause,
      });
    }
  });
}

function singleAddress(value: string): Cidr {
  const address = ipaddr.parse(value);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

/** Parses an IP literal in any form ipaddr.js accepts (decimal, octal, hex, short, zoned). */
export function parseIpLiteral(host: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const unbracketed = host.replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(unbracketed)) return undefined;
  try {
    return ipaddr.parse(unbracketed);
  } catch {
    return undefined;
  }
}

/**
 * `undefined` when the address is public unicast or inside an allowed range; otherwise the
 * ipaddr.js range name that refuses it (`loopback`, `private`, `linkLocal`, `ipv4Mapped`, …).
 * Only `unicast` counts as public, so every special range, including those embedding IPv4
 * (v4-mapped, NAT64 `rfc6052`, `6to4`, `teredo`), is refused by default.
 */
export function classifyAddress(
  address: ipaddr.IPv4 | ipaddr.IPv6,
  allowed: readonly Cidr[] = [],
): string | undefined {
  const inAllowed = allowed.some(
    ([base, bits]) => base.kind() === address.kind() && address.match([base, bits] as never),
  );
  if (inAllowed) return undefined;
  const range = address.range();
  return range === 'unicast' ? undefined : range;
}

/** Checks a host (name or literal) and returns the single address to connect to. */
export async function checkDestination(
  host: string,
  options: SsrfGuardOptions = {},
): Promise<SsrfVerdict> {
  return createSsrfGuard(options)(host);
}

/** A guard with its ranges parsed once, for a proxy that checks many hosts. */
export function createSsrfGuard(options: SsrfGuardOptions): (host: string) => Promise<SsrfVerdict> {
  const allowed = parseRanges(options.allowedPrivateRanges ?? []);
  const resolver = options.resolver ?? systemResolver;
  return (host) => guard(host, allowed, resolver);
}

async function guard(
  host: string,
  allowed: readonly Cidr[],
  resolver: EgressResolver,
): Promise<SsrfVerdict> {
  const literal = parseIpLiteral(host);
  if (literal) return verdictFor([literal], allowed, host);
  let answers: ResolvedAddress[];
  try {
    answers = await resolver(host);
  } catch {
    return { ok: false, reason: `host did not resolve: ${host}`, rule: 'ssrf:unresolved' };
  }
  const parsed = answers.map((answer) => parseIpLiteral(answer.address));
  if (parsed.length === 0 || parsed.some((address) => address === undefined)) {
    return { ok: false, reason: `host did not resolve: ${host}`, rule: 'ssrf:unresolved' };
  }
  return verdictFor(parsed as (ipaddr.IPv4 | ipaddr.IPv6)[], allowed, host);
}

function verdictFor(
  addresses: readonly (ipaddr.IPv4 | ipaddr.IPv6)[],
  allowed: readonly Cidr[],
  host: string,
): SsrfVerdict {
  // Every answer must pass: a name that answers public first and private second is refused.
  for (const address of addresses) {
    const range = classifyAddress(address, allowed);
    if (range !== undefined) {
      return {
        ok: false,
        reason: `address not allowed (${range}): ${host}`,
        rule: `ssrf:${range}`,
      };
    }
  }
  const first = addresses[0];
  if (!first)
    return { ok: false, reason: `host did not resolve: ${host}`, rule: 'ssrf:unresolved' };
  const text = first.kind() === 'ipv6' ? withoutZone(first.toString()) : first.toString();
  return { ok: true, address: text, family: first.kind() === 'ipv4' ? 4 : 6 };
}

function withoutZone(address: string): string {
  return address.replace(/%.*$/, '');
}

/** `guard`, answering `ssrf:resolve-timeout` when resolving takes longer than `timeoutMs`. */
export function boundedGuard(
  guard: (host: string) => Promise<SsrfVerdict>,
  timeoutMs: number,
): (host: string) => Promise<SsrfVerdict> {
  return async (host) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<SsrfVerdict>((resolve) => {
      const verdict = { ok: false as const, reason: `host did not resolve in time: ${host}` };
      timer = setTimeout(() => resolve({ ...verdict, rule: 'ssrf:resolve-timeout' }), timeoutMs);
    });
    try {
      return await Promise.race([guard(host), late]);
    } finally {
      clearTimeout(timer);
    }
  };
}
