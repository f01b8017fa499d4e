import { describe, expect, it } from 'vitest';
import { matchAllowList, normalizeHost, splitHostPort, type EgressTarget } from './allow-list.js';

describe('normalizeHost', () => {
  const cases: [string, string | undefined][] = [
    ['Example.COM', 'example.com'],
    // Trailing dots name the same host.
    ['example.com.', 'example.com'],
    ['example.com..', 'example.com'],
    // IDN becomes punycode, so the allow-list compares one spelling.
    ['bücher.example', 'xn--bcher-kva.example'],
    // Every IPv4 spelling becomes dotted decimal.
    ['2130706433', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['[::FFFF:127.0.0.1]', '::ffff:7f00:1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['', undefined],
    ['a b', undefined],
    ['user@host', undefined],
    ['4294967296', undefined],
  ];
  it.each(cases)('%j → %j', (raw, expected) => {
    expect(normalizeHost(raw)).toBe(expected);
  });
});

describe('splitHostPort', () => {
  const cases: [string, ReturnType<typeof splitHostPort>][] = [
    ['example.com', { host: 'example.com' }],
    ['example.com:8443', { host: 'example.com', port: 8443 }],
    ['[::1]:443', { host: '::1', port: 443 }],
    ['::1', { host: '::1' }],
    ['example.com:0', undefined],
    ['example.com:65536', undefined],
    ['example.com:http', undefined],
  ];
  it.each(cases)('%j', (value, expected) => {
    expect(splitHostPort(value)).toEqual(expected);
  });
});

describe('matchAllowList', () => {
  const patterns = [
    'api.example.com',
    '*.cdn.example.com',
    'git.example.com:8443',
    'BÜCHER.example',
  ];
  const cases: [EgressTarget, string | undefined][] = [
    [{ host: 'api.example.com', port: 443, scheme: 'https' }, 'api.example.com'],
    [{ host: 'api.example.com', port: 80, scheme: 'http' }, 'api.example.com'],
    // A pattern without a port allows the scheme's default port only.
    [{ host: 'api.example.com', port: 8080, scheme: 'http' }, undefined],
    [{ host: 'api.example.com', port: 80, scheme: 'https' }, undefined],
    [{ host: 'a.cdn.example.com', port: 443, scheme: 'https' }, '*.cdn.example.com'],
    [{ host: 'a.b.cdn.example.com', port: 443, scheme: 'https' }, '*.cdn.example.com'],
    // The wildcard does not cover the bare domain, nor a look-alike suffix.
    [{ host: 'cdn.example.com', port: 443, scheme: 'https' }, undefined],
    [{ host: 'evilcdn.example.com', port: 443, scheme: 'https' }, undefined],
    [{ host: 'git.example.com', port: 8443, scheme: 'https' }, 'git.example.com:8443'],
    [{ host: 'git.example.com', port: 443, scheme: 'https' }, undefined],
    // CONNECT: port 443 for a portless pattern, the named port otherwise.
    [{ host: 'api.example.com', port: 443, scheme: 'connect' }, 'api.example.com'],
    [{ host: 'api.example.com', port: 22, scheme: 'connect' }, undefined],
    [{ host: 'git.example.com', port: 8443, scheme: 'connect' }, 'git.example.com:8443'],
    [{ host: 'xn--bcher-kva.example', port: 443, scheme: 'https' }, 'BÜCHER.example'],
    [{ host: 'example.org', port: 443, scheme: 'https' }, undefined],
  ];
  it.each(cases)('%j → %j', (target, expected) => {
    expect(matchAllowList(patterns, target)).toBe(expected);
  });

  it('lets a lone * allow any host on default ports, and *:port one more port', () => {
    expect(matchAllowList(['*'], { host: 'x.org', port: 443, scheme: 'https' })).toBe('*');
    expect(matchAllowList(['*'], { host: 'x.org', port: 22, scheme: 'connect' })).toBeUndefined();
    expect(matchAllowList(['*:8080'], { host: 'x.org', port: 8080, scheme: 'http' })).toBe(
      '*:8080',
    );
  });

  it('ignores malformed patterns instead of widening', () => {
    const bad = ['', ':443', 'host:port', '*.', 'a b.com'];
    expect(matchAllowList(bad, { host: 'a', port: 443, scheme: 'https' })).toBeUndefined();
  });
});
