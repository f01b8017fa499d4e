import { ConfigError } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { EgressProxy } from './egress-proxy.js';
import type { EgressProxyOptions } from './types.js';

const secretValue = 'do-not-print-me-31415';

describe('EgressProxy options', () => {
  const invalid: [string, EgressProxyOptions, RegExp][] = [
    ['a secret with a newline', { secrets: { s: `${secretValue}\r\nx: y` } }, /^secrets\.s:/],
    ['an empty secret', { secrets: { s: '' } }, /^secrets\.s:/],
    [
      'a bad secret header',
      { secrets: { s: { value: 'v', header: 'a b' } } },
      /secrets\.s\.header/,
    ],
    [
      'a route to a file URL',
      { services: [{ name: 'f', upstream: 'file:///etc' }] },
      /services\.f\.upstream/,
    ],
    [
      'a route without a URL',
      { services: [{ name: 'f', upstream: 'nope' }] },
      /services\.f\.upstream/,
    ],
    [
      'a route naming no secret',
      { services: [{ name: 'f', upstream: 'https://a.test', secret: 'x' }] },
      /services\.f\.secret/,
    ],
    [
      'a route name with a slash',
      { services: [{ name: 'a/b', upstream: 'https://a.test' }] },
      /^services:/,
    ],
    [
      'a malformed private range',
      { allowedPrivateRanges: ['10.0.0.0/40'] },
      /^allowedPrivateRanges:/,
    ],
  ];
  it.each(invalid)(
    'refuses %s at construction, without echoing a secret',
    (_label, options, message) => {
      let thrown: unknown;
      try {
        new EgressProxy(options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).message).toMatch(message);
      expect((thrown as ConfigError).message).not.toContain(secretValue);
    },
  );

  it('refuses to issue a credential before start()', () => {
    const proxy = new EgressProxy();
    expect(() =>
      proxy.issueCredential({ tenant: 't', executionId: 'e', hosts: [], secrets: {} }),
    ).toThrow(/start/);
  });
});
