/**
 * CIDR builtins over IPv4 and IPv6. Addresses are held as bigints with their bit width,
 * so containment and overlap are prefix comparisons. A malformed address is an
 * `eval_builtin_error`, as Go's net.ParseCIDR failing is in Open Policy Agent.
 */
import { RSet } from '../value.js';
import { builtinError, str } from './args.js';
import { defineBuiltins } from './registry.js';

export interface Network {
  bits: 32 | 128;
  address: bigint;
  prefix: number;
}

const MAX_EXPANDED = 65_536;

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseGroups(text: string): bigint[] | undefined {
  if (text === '') return [];
  const groups: bigint[] = [];
  const parts = text.split(':');
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIPv4(part);
      if (v4 === undefined) return undefined;
      groups.push(v4 >> 16n, v4 & 0xffffn);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
      groups.push(BigInt(`0x${part}`));
    } else {
      return undefined;
    }
  }
  return groups;
}

function parseIPv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] as string);
  const tail = halves.length === 2 ? parseGroups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<bigint>(missing).fill(0n), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

export function parseIP(text: string): Network | undefined {
  if (text.includes(':')) {
    const address = parseIPv6(text);
    return address === undefined ? undefined : { bits: 128, address, prefix: 128 };
  }
  const address = parseIPv4(text);
  return address === undefined ? undefined : { bits: 32, address, prefix: 32 };
}

/** `ip/prefix`, with the host bits cleared as Go's ParseCIDR clears them. */
export function parseCIDR(text: string): Network | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > ip.bits) return undefined;
  const hostBits = BigInt(ip.bits - prefix);
  return { bits: ip.bits, address: (ip.address >> hostBits) << hostBits, prefix };
}

function cidrArg(name: string, text: string): Network {
  const network = parseCIDR(text);
  if (!network) throw builtinError(name, `invalid CIDR address: ${text}`);
  return network;
}

function samePrefix(a: Network, b: Network, prefix: number): boolean {
  const shift = BigInt(a.bits - prefix);
  return a.bits === b.bits && a.address >> shift === b.address >> shift;
}

export function contains(outer: Network, inner: Network): boolean {
  return outer.prefix <= inner.prefix && samePrefix(outer, inner, outer.prefix);
}

export function formatIP(address: bigint, bits: 32 | 128): string {
  if (bits === 32) {
    return [24n, 16n, 8n, 0n].map((s) => ((address >> s) & 0xffn).toString()).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) => (address >> BigInt(112 - 16 * i)) & 0xffffn);
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0n) j += 1;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  const head = hex.slice(0, best.start).join(':');
  const tail = hex.slice(best.start + best.length).join(':');
  return `${head}::${tail}`;
}

function expand(text: string): RSet {
  const network = cidrArg('net.cidr_expand', text);
  const size = 1n << BigInt(network.bits - network.prefix);
  if (size > BigInt(MAX_EXPANDED)) {
    throw builtinError('net.cidr_expand', `${text} has more than ${MAX_EXPANDED} addresses`);
  }
  const hosts = Array.from({ length: Number(size) }, (_, i) =>
    formatIP(network.address + BigInt(i), network.bits),
  );
  return RSet.of(hosts);
}

defineBuiltins([
  {
    name: 'net.cidr_contains',
    arity: 2,
    impl: (args) => {
      const outer = cidrArg('net.cidr_contains', str('net.cidr_contains', args, 0));
      const text = str('net.cidr_contains', args, 1);
      const inner = parseIP(text) ?? cidrArg('net.cidr_contains', text);
      return contains(outer, inner);
    },
  },
  {
    name: 'net.cidr_intersects',
    arity: 2,
    impl: (args) => {
      const a = cidrArg('net.cidr_intersects', str('net.cidr_intersects', args, 0));
      const b = cidrArg('net.cidr_intersects', str('net.cidr_intersects', args, 1));
      return samePrefix(a, b, Math.min(a.prefix, b.prefix));
    },
  },
  {
    name: 'net.cidr_is_valid',
    arity: 1,
    impl: ([text]) => typeof text === 'string' && parseCIDR(text) !== undefined,
  },
  {
    name: 'net.cidr_expand',
    arity: 1,
    impl: (args) => expand(str('net.cidr_expand', args, 0)),
  },
]);
