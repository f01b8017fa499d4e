import { describe, expect, it } from 'vitest';
import { createRedactor, isCredentialKey, redactedMark } from './redact.js';

describe('isCredentialKey', () => {
  const credential = [
    'authorization',
    'Authorization',
    'proxy-authorization',
    'password',
    'DB_PASSWORD',
    'secret',
    'client_secret',
    'token',
    'accessToken',
    'apiKey',
    'api_key',
    'X-Api-Key',
    'cookie',
    'Set-Cookie',
    'privateKey',
    'private_key',
  ];
  const plain = ['tenant', 'host', 'maxTokens', 'tokenCount', 'keyId', 'path', 'reasons', 'rule'];

  it.each(credential)('%s is a credential key', (key) => expect(isCredentialKey(key)).toBe(true));
  it.each(plain)('%s is not', (key) => expect(isCredentialKey(key)).toBe(false));
});

describe('createRedactor: free text', () => {
  const redact = createRedactor();
  const cases: Array<[string, string, string]> = [
    ['bearer token', 'sent Authorization: Bearer abcDEF123456789.xyz', 'Bearer [redacted]'],
    ['OpenAI-style key', 'used sk-proj-AbCdEfGhIjKlMnOpQrSt1234', `used ${redactedMark}`],
    ['GitHub token', 'ghp_0123456789abcdefghijABCDEFGHIJ012345 leaked', `${redactedMark} leaked`],
    ['AWS access key id', 'key AKIAIOSFODNN7EXAMPLE here', `key ${redactedMark} here`],
    [
      'JWT',
      'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      `jwt ${redactedMark}`,
    ],
    ['key=value', 'retry with password=hunter22 now', `password=${redactedMark} now`],
    ['JSON-ish pair', '{"api_key": "abcd1234efgh"}', `{"api_key": "${redactedMark}"}`],
    [
      'private key block',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----',
      redactedMark,
    ],
  ];

  it.each(cases)('%s', (_label, input, expected) => {
    const out = redact(input);
    expect(out).toContain(expected);
  });

  // Boundary: ordinary prose and hashes must survive untouched.
  it.each([
    'denied: the policy grants no network access',
    'a'.repeat(64),
    '/v1/users/42',
    'token bucket refilled',
  ])('leaves "%s" alone', (text) => expect(redact(text)).toBe(text));
});

describe('createRedactor: objects and exact secrets', () => {
  it('replaces credential keys at any depth and never mutates the input', () => {
    const input = {
      reasons: ['ok'],
      detail: { headers: { Authorization: 'Basic Zm9vOmJhcg==', Host: 'api.example.com' } },
      nested: [{ client_secret: 42 }, { 'set-cookie': ['a=b'] }],
    };
    const copy = structuredClone(input);
    const out = createRedactor()(input);
    expect(out.detail.headers).toEqual({ Authorization: redactedMark, Host: 'api.example.com' });
    expect(out.nested).toEqual([{ client_secret: redactedMark }, { 'set-cookie': redactedMark }]);
    expect(input).toEqual(copy);
  });

  it('scrubs exact secret values inside any string, longest first', () => {
    const redact = createRedactor({ secrets: ['s3cr3t-value', 's3cr3t-value-longer', 'ab'] });
    const out = redact({ reasons: ['got s3cr3t-value-longer and s3cr3t-value'], tag: 'ab cd' });
    expect(out).toEqual({ reasons: [`got ${redactedMark} and ${redactedMark}`], tag: 'ab cd' });
  });

  it('keeps a __proto__ key a plain own key', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    const out = createRedactor()(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
