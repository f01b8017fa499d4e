/**
 * CIDR builtins over collections: `net.cidr_contains_matches` pairs up which networks
 * contain which addresses, and `net.cidr_merge` folds a list into the fewest networks.
 */
import { RObject, RSet, typeName } from '../value.js';
import type { Value } from '../value.js';
import { builtinError, elements, expectType, typeError } from './args.js';
import { contains, formatIP, parseCIDR, parseIP } from './net-cidr.js';
import type { Network } from './net-cidr.js';
import { defineBuiltins } from './registry.js';

type Keyed = [key: Value, text: string][];

/** A string, or an array/set/object whose members are strings or `[cidr, ...]` tuples. */
function keyed(name: string, args: Value[], index: number): Keyed {
  const value = expectType(name, args, index, ['string', 'array', 'set', 'object']);
  if (typeof value === 'string') return [[value, value]];
  const entries: [Value, Value][] =
    value instanceof RObject
      ? [...value.pairs()]
      : Array.isArray(value)
        ? value.map((v, i) => [i, v])
        : (value as RSet).sortedValues().map((v) => [v, v]);
  return entries.map(([key, member]) => {
    const text = Array.isArray(member) ? member[0] : member;
    if (typeof text !== 'string') {
      throw typeError(
        name,
        index + 1,
        'collection of CIDR strings',
        `${typeName(value)} containing ${typeName(text ?? null)}`,
      );
    }
    return [key, text];
  });
}

function network(name: string, text: string): Network {
  const net = parseIP(text) ?? parseCIDR(text);
  if (!net) throw builtinError(name, `invalid CIDR address: ${text}`);
  return net;
}

function containsMatches(args: Value[]): RSet {
  const name = 'net.cidr_contains_matches';
  const outer = keyed(name, args, 0).map(([k, t]) => [k, network(name, t)] as const);
  const inner = keyed(name, args, 1).map(([k, t]) => [k, network(name, t)] as const);
  const out = new RSet();
  for (const [ka, a] of outer) {
    for (const [kb, b] of inner) if (contains(a, b)) out.add([ka, kb]);
  }
  return out;
}

interface Span {
  bits: 32 | 128;
  first: bigint;
  last: bigint;
}

function span(net: Network): Span {
  const size = 1n << BigInt(net.bits - net.prefix);
  return { bits: net.bits, first: net.address, last: net.address + size - 1n };
}

/** The largest aligned blocks that exactly cover first..last. */
function blocks({ bits, first, last }: Span): string[] {
  const out: string[] = [];
  let start = first;
  while (start <= last) {
    let size = 1n;
    let prefix = bits;
    while (prefix > 0 && start % (size * 2n) === 0n && start + size * 2n - 1n <= last) {
      size *= 2n;
      prefix -= 1;
    }
    out.push(`${formatIP(start, bits)}/${prefix}`);
    start += size;
  }
  return out;
}

function merge(args: Value[]): RSet {
  const name = 'net.cidr_merge';
  const list = elements(expectType(name, args, 0, ['array', 'set']) as Value[] | RSet);
  const spans = list.map((item) => {
    if (typeof item !== 'string') throw typeError(name, 1, 'collection of strings', typeName(item));
    return span(network(name, item));
  });
  spans.sort((a, b) => a.bits - b.bits || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && last.bits === s.bits && s.first <= last.last + 1n) {
      if (s.last > last.last) last.last = s.last;
    } else {
      merged.push({ ...s });
    }
  }
  return RSet.of(merged.flatMap(blocks));
}

defineBuiltins([
  { name: 'net.cidr_contains_matches', arity: 2, impl: containsMatches },
  { name: 'net.cidr_merge', arity: 1, impl: merge },
]);
