import { describe, expect, it } from 'vitest';
import { checkDestination, classifyAddress, parseIpLiteral, parseRanges } from './ssrf-guard.js';
import { tableResolver } from './test-helpers.js';

// Pure checks: nothing here opens a socket, so public-looking addresses are safe to name.
describe('classifyAddress', () => {
  const refused: [string, string][] = [
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    // IPv6 forms that embed IPv4 are refused whatever they embed.
    ['::ffff:127.0.0.1', 'ipv4Mapped'],
    ['::ffff:8.8.8.8', 'ipv4Mapped'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
  ];
  it.each(refused)('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(parseIpLiteral(address)!)).toBe(range);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111'])('allows public %s', (address) => {
    expect(classifyAddress(parseIpLiteral(address)!)).toBeUndefined();
  });

  it('allows a private address only inside an allowed range, of the same family', () => {
    const ranges = parseRanges(['127.0.0.1/32', '10.0.0.0/8']);
    expect(classifyAddress(parseIpLiteral('127.0.0.1')!, ranges)).toBeUndefined();
    expect(classifyAddress(parseIpLiteral('10.9.9.9')!, ranges)).toBeUndefined();
    expect(classifyAddress(parseIpLiteral('127.0.0.2')!, ranges)).toBe('loopback');
    expect(classifyAddress(parseIpLiteral('::ffff:127.0.0.1')!, ranges)).toBe('ipv4Mapped');
  });

  it('rejects a malformed allowed range at once', () => {
    expect(() => parseRanges(['10.0.0.0/33'])).toThrow(/allowedPrivateRanges/);
  });
});

describe('checkDestination', () => {
  const resolver = tableResolver({
    'public.test': ['93.184.216.34'],
    'private.test': ['10.1.2.3'],
    'metadata.test': ['169.254.169.254'],
    'mapped.test': ['::ffff:10.0.0.1'],
    // Public first, private second: one bad answer refuses the name.
    'rebind.test': ['93.184.216.34', '127.0.0.1'],
    'garbage.test': ['not-an-address'],
    'empty.test': [],
  });

  const cases: [string, string | undefined][] = [
    ['public.test', undefined],
    ['private.test', 'ssrf:private'],
    ['metadata.test', 'ssrf:linkLocal'],
    ['mapped.test', 'ssrf:ipv4Mapped'],
    ['rebind.test', 'ssrf:loopback'],
    ['garbage.test', 'ssrf:unresolved'],
    ['empty.test', 'ssrf:unresolved'],
    ['unknown.test', 'ssrf:unresolved'],
    // Literals never reach the resolver, in any spelling.
    ['2130706433', 'ssrf:loopback'],
    ['0177.0.0.1', 'ssrf:loopback'],
    ['0x7f.1', 'ssrf:loopback'],
    ['127.1', 'ssrf:loopback'],
    ['[::1]', 'ssrf:loopback'],
    ['fe80::1%eth0', 'ssrf:linkLocal'],
    ['169.254.169.254', 'ssrf:linkLocal'],
  ];
  it.each(cases)('%s → %j', async (host, rule) => {
    const verdict = await checkDestination(host, { resolver });
    expect(verdict.ok ? undefined : verdict.rule).toBe(rule);
  });

  it('returns the one checked address and asks the resolver once', async () => {
    const counting = tableResolver({ 'public.test': ['93.184.216.34', '2606:4700::1111'] });
    const verdict = await checkDestination('public.test', { resolver: counting });
    expect(verdict).toEqual({ ok: true, address: '93.184.216.34', family: 4 });
    expect(counting.asked).toEqual(['public.test']);
    await checkDestination('127.0.0.1', { resolver: counting });
    expect(counting.asked).toEqual(['public.test']);
  });
});
