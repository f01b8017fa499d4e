import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { builtinErrorOf, call, obj, set, show, titled } from './test-support.js';

describe('net.cidr_contains_matches', () => {
  const table: [string, Value, Value, Value][] = [
    ['string against string', '10.0.0.0/8', '10.1.2.3', set(['10.0.0.0/8', '10.1.2.3'])],
    [
      'array indexes as keys',
      ['10.0.0.0/8', '192.168.0.0/16'],
      ['192.168.1.1', '10.0.0.1', '8.8.8.8'],
      set([0, 1], [1, 0]),
    ],
    [
      'object keys and [cidr, ...] tuples',
      obj({ internal: ['10.0.0.0/8', 'extra'] }),
      set('10.9.9.9', '11.0.0.1'),
      set(['internal', '10.9.9.9']),
    ],
    // boundary: nothing contained gives the empty set, not undefined
    ['no matches', ['10.0.0.0/8'], ['8.8.8.8'], set()],
  ];
  it.each(table)('%s', (_, cidrs, addresses, expected) => {
    expect(show(call('net.cidr_contains_matches', cidrs, addresses))).toBe(show(expected));
  });

  it('rejects bad addresses and members', () => {
    const bad = builtinErrorOf(() => call('net.cidr_contains_matches', ['x'], ['10.0.0.1']));
    expect(bad.message).toBe('net.cidr_contains_matches: invalid CIDR address: x');
    const member = builtinErrorOf(() => call('net.cidr_contains_matches', [1], ['10.0.0.1']));
    expect(member.kind).toBe('eval_type_error');
  });
});

describe('net.cidr_merge', () => {
  const table: [Value, Value][] = [
    [['192.0.128.0/24', '192.0.129.0/24'], set('192.0.128.0/23')],
    // boundary: a network inside another disappears; single addresses become /32
    [['10.0.0.0/8', '10.1.0.0/16', '192.168.1.1'], set('10.0.0.0/8', '192.168.1.1/32')],
    [['10.0.0.1', '10.0.0.2'], set('10.0.0.1/32', '10.0.0.2/32')],
    [['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3'], set('10.0.0.0/30')],
    [
      set('2001:db8::/33', '2001:db8:8000::/33', '10.0.0.0/31'),
      set('10.0.0.0/31', '2001:db8::/32'),
    ],
    [[], set()],
  ];
  it.each(titled('net.cidr_merge(%s)', table))('%s', (_, input, expected) => {
    expect(show(call('net.cidr_merge', input))).toBe(show(expected));
  });

  it('rejects what is not an address', () => {
    expect(builtinErrorOf(() => call('net.cidr_merge', ['nope'])).kind).toBe('eval_builtin_error');
    expect(builtinErrorOf(() => call('net.cidr_merge', 'x')).kind).toBe('eval_type_error');
  });
});
