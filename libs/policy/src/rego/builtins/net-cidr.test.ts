import { describe, expect, it } from 'vitest';
import type { Value } from '../value.js';
import { formatIP, parseIP } from './net-cidr.js';
import { builtinErrorOf, call, set, titled } from './test-support.js';

describe('CIDR builtins', () => {
  const valid: [string, Value[], Value][] = [
    ['net.cidr_contains', ['10.0.0.0/8', '10.1.0.0/24'], true],
    ['net.cidr_contains', ['10.0.0.0/8', '10.1.2.3'], true],
    ['net.cidr_contains', ['10.0.0.0/8', '11.0.0.1'], false],
    // boundary: a wider network is not inside a narrower one
    ['net.cidr_contains', ['10.1.0.0/24', '10.0.0.0/8'], false],
    ['net.cidr_contains', ['0.0.0.0/0', '255.255.255.255'], true],
    ['net.cidr_contains', ['2001:4860:4860::8888/32', '2001:4860:4860:1234::8888/40'], true],
    [
      'net.cidr_contains',
      ['2001:4860:4860::8888/32', '2001:4860:4860:1234:5678:1234:5678:8888/128'],
      true,
    ],
    // boundary: IPv4 and IPv6 never contain each other
    ['net.cidr_contains', ['0.0.0.0/0', '::1'], false],
    ['net.cidr_contains', ['::ffff:0:0/96', '::ffff:10.0.0.1'], true],
    ['net.cidr_intersects', ['fd1e:5bfe:8af3:9ddc::/64', 'fd1e:5bfe:8af3:9ddc:1111::/72'], true],
    ['net.cidr_intersects', ['fd1e:5bfe:8af3:9ddc::/64', '2001:4860:4860::8888/32'], false],
    ['net.cidr_intersects', ['192.168.1.0/24', '192.168.0.0/16'], true],
    ['net.cidr_intersects', ['192.168.1.0/25', '192.168.1.128/25'], false],
    ['net.cidr_is_valid', ['10.0.0.0/8'], true],
    ['net.cidr_is_valid', ['10.0.0.0/33'], false],
    ['net.cidr_is_valid', ['10.0.0.256/8'], false],
    ['net.cidr_is_valid', [1], false],
    ['net.cidr_expand', ['192.168.1.0/31'], set('192.168.1.0', '192.168.1.1')],
    ['net.cidr_expand', ['10.0.0.7/32'], set('10.0.0.7')],
    ['net.cidr_expand', ['fe80::/127'], set('fe80::', 'fe80::1')],
  ];
  it.each(titled('%s(%a)', valid))('%s', (_, name, args, expected) => {
    expect(call(name, ...args)).toEqual(expected);
  });

  const invalid: [string, Value[], string][] = [
    ['net.cidr_contains', ['not-a-cidr', '192.168.1.67'], 'invalid CIDR address: not-a-cidr'],
    ['net.cidr_contains', ['192.168.1.0/28', 'not-a-cidr'], 'invalid CIDR address: not-a-cidr'],
    ['net.cidr_intersects', ['192.168.1.0/28', 'not-a-cidr'], 'net.cidr_intersects: invalid'],
    // boundary: a bare address is not a network where a network is required
    ['net.cidr_intersects', ['10.0.0.1', '10.0.0.0/8'], 'invalid CIDR address: 10.0.0.1'],
    // boundary: expansion is capped so a policy cannot build millions of strings
    ['net.cidr_expand', ['10.0.0.0/8'], 'more than 65536 addresses'],
  ];
  it.each(titled('%s(%a) is a builtin error', invalid))('%s', (_, name, args, message) => {
    const error = builtinErrorOf(() => call(name, ...args));
    expect(error.kind).toBe('eval_builtin_error');
    expect(error.message).toContain(message);
  });

  it('parses and prints IPv6 in canonical form', () => {
    const cases = ['2001:db8::1', '::', '::1', '1:0:0:1:0:0:0:1', '1:2:3:4:5:6:7:8'];
    for (const text of cases) {
      const ip = parseIP(text);
      expect(ip && formatIP(ip.address, ip.bits)).toBe(
        text === '1:0:0:1:0:0:0:1' ? '1:0:0:1::1' : text,
      );
    }
    expect(parseIP('1::2::3')).toBeUndefined();
    expect(parseIP('1:2:3:4:5:6:7:8:9')).toBeUndefined();
  });
});
