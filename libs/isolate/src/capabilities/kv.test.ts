import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '@airlock/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext, Json } from '../types.js';
import { createKvCapability, type KvCapability, type KvCapabilityOptions } from './kv.js';

const tenantA: CallContext = { tenant: 'tenant-a', executionId: 'exec-a' };
const tenantB: CallContext = { tenant: 'tenant-b', executionId: 'exec-b' };

let dir: string;
let file: string;
const opened: KvCapability[] = [];

function open(options: Partial<KvCapabilityOptions> = {}): KvCapability {
  const kv = createKvCapability({ file, ...options });
  opened.push(kv);
  return kv;
}

function call(kv: KvCapability, context: CallContext, method: string, ...args: Json[]) {
  const fn = kv.methods[method];
  if (fn === undefined) throw new Error(`kv has no method ${method}`);
  return Promise.resolve(fn(context, args));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-kv-'));
  file = join(dir, 'kv.db');
});

afterEach(() => {
  for (const kv of opened.splice(0)) kv.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kv stores JSON values per key', () => {
  const values: { title: string; value: Json }[] = [
    { title: 'a string', value: 'hello' },
    { title: 'a number', value: 3.25 },
    { title: 'false', value: false },
    { title: 'an array', value: [1, 'two', null, { three: 3 }] },
    { title: 'a nested object', value: { a: { b: { c: [true] } }, emoji: '🔑' } },
    // Stored as JSON text and parsed back: the key stays an ordinary own key.
    {
      title: 'an object with a __proto__ key',
      value: JSON.parse('{"__proto__": {"x": 1}}') as Json,
    },
  ];

  it.each(values)('put then get returns $title', async ({ value }) => {
    const kv = open();
    expect(await call(kv, tenantA, 'put', 'k', value)).toBeNull();
    expect(await call(kv, tenantA, 'get', 'k')).toEqual(value);
  });

  it('gets null for a missing key, overwrites, deletes', async () => {
    const kv = open();
    expect(await call(kv, tenantA, 'get', 'k')).toBeNull();

    await call(kv, tenantA, 'put', 'k', 1);
    await call(kv, tenantA, 'put', 'k', 2);
    expect(await call(kv, tenantA, 'get', 'k')).toBe(2);

    expect(await call(kv, tenantA, 'delete', 'k')).toBe(true);
    expect(await call(kv, tenantA, 'delete', 'k')).toBe(false);
    expect(await call(kv, tenantA, 'get', 'k')).toBeNull();
  });

  it('keeps values across a reopen of the file', async () => {
    const first = open();
    await call(first, tenantA, 'put', 'kept', { n: 1 });
    first.close();

    const second = open();
    expect(await call(second, tenantA, 'get', 'kept')).toEqual({ n: 1 });
    expect(await call(second, tenantA, 'list')).toEqual(['kept']);
  });
});

describe('kv.list', () => {
  const keys = ['a', 'a%', 'a%b', 'a_', 'ab', 'aB', 'A', 'b', 'a\\', 'a\u0000b', 'é', '🔑'];

  const cases: { title: string; args: Json[]; expected: string[] }[] = [
    { title: 'all keys, in code point order', args: [], expected: [...keys].sort(byCodePoint) },
    {
      title: 'a prefix',
      args: ['a'],
      expected: ['a', 'a\u0000b', 'a%', 'a%b', 'aB', 'a\\', 'a_', 'ab'],
    },
    // NUL is a character like any other, not the end of the prefix.
    { title: 'a prefix with NUL', args: ['a\u0000'], expected: ['a\u0000b'] },
    // % and _ are LIKE wildcards; here they are plain characters.
    { title: 'a % prefix is literal', args: ['a%'], expected: ['a%', 'a%b'] },
    { title: 'a _ prefix is literal', args: ['a_'], expected: ['a_'] },
    { title: 'a backslash prefix is literal', args: ['a\\'], expected: ['a\\'] },
    { title: 'a bare % matches no key', args: ['%'], expected: [] },
    { title: 'prefixes are case-sensitive', args: ['A'], expected: ['A'] },
    { title: 'a unicode prefix', args: ['é'], expected: ['é'] },
    { title: 'limit', args: ['a', { limit: 2 }], expected: ['a', 'a\u0000b'] },
    {
      title: 'after, for the next page',
      args: ['a', { after: 'a%b', limit: 2 }],
      expected: ['aB', 'a\\'],
    },
  ];

  it.each(cases)('$title', async ({ args, expected }) => {
    const kv = open();
    for (const key of keys) await call(kv, tenantA, 'put', key, key);
    expect(await call(kv, tenantA, 'list', ...args)).toEqual(expected);
  });

  it('returns at most 100 keys unless asked for more', async () => {
    const kv = open();
    for (let i = 0; i < 150; i += 1)
      await call(kv, tenantA, 'put', `k${String(i).padStart(3, '0')}`, i);
    expect(await call(kv, tenantA, 'list')).toHaveLength(100);
    expect(await call(kv, tenantA, 'list', 'k', { limit: 1000 })).toHaveLength(150);
  });
});

function byCodePoint(a: string, b: string): number {
  const left = [...a].map((c) => c.codePointAt(0) ?? 0);
  const right = [...b].map((c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    if (left[i] !== right[i]) return (left[i] ?? 0) - (right[i] ?? 0);
  }
  return left.length - right.length;
}

describe('kv keeps tenants apart whatever the key', () => {
  const keys = [
    'shared',
    '',
    '../other',
    '../tenant-b/secret',
    'tenant-b:key',
    'tenant-b',
    '%',
    '_',
    '*',
    "' OR '1'='1",
    'a\u0000b',
    'ключ',
    '🔑',
  ];

  it.each(keys.map((key) => ({ key, shown: JSON.stringify(key) })))(
    'A cannot read, list, overwrite or delete B’s key $shown',
    async ({ key }) => {
      const kv = open();
      await call(kv, tenantB, 'put', key, 'secret of B');

      expect(await call(kv, tenantA, 'get', key)).toBeNull();
      expect(await call(kv, tenantA, 'list')).toEqual([]);
      expect(await call(kv, tenantA, 'list', key)).toEqual([]);
      expect(await call(kv, tenantA, 'delete', key)).toBe(false);

      await call(kv, tenantA, 'put', key, 'value of A');
      expect(await call(kv, tenantA, 'get', key)).toBe('value of A');
      expect(await call(kv, tenantB, 'get', key)).toBe('secret of B');

      expect(await call(kv, tenantA, 'delete', key)).toBe(true);
      expect(await call(kv, tenantB, 'get', key)).toBe('secret of B');
      expect(await call(kv, tenantB, 'list')).toEqual([key]);
    },
  );

  it('does not let one tenant spell its way into another with the tenant name in the key', async () => {
    const kv = open();
    await call(kv, { tenant: 'a', executionId: 'e' }, 'put', 'b:c', 1);
    expect(await call(kv, { tenant: 'a:b', executionId: 'e' }, 'get', 'c')).toBeNull();
    expect(await call(kv, { tenant: 'a:b', executionId: 'e' }, 'list')).toEqual([]);
  });

  it('refuses a call without a tenant', async () => {
    const kv = open();
    await expect(call(kv, { tenant: '', executionId: 'e' }, 'get', 'k')).rejects.toThrow(
      /kv: the call has no tenant/,
    );
  });
});

describe('kv limits', () => {
  const invalid: { title: string; method: string; args: Json[]; message: string }[] = [
    {
      title: 'a value over 64 KiB',
      method: 'put',
      args: ['k', 'x'.repeat(64 * 1024)],
      message: 'kv.put: argument 2 must be JSON no larger than 64 KiB',
    },
    {
      title: 'a key over 512 bytes',
      method: 'get',
      args: ['k'.repeat(513)],
      message: 'kv.get: argument 1 must be at most 512 bytes as UTF-8',
    },
    {
      // 200 characters, but 800 bytes of UTF-8.
      title: 'a key of few characters but many bytes',
      method: 'put',
      args: ['🔑'.repeat(200), 1],
      message: 'kv.put: argument 1 must be at most 512 bytes as UTF-8',
    },
    {
      title: 'a key with a lone surrogate',
      method: 'put',
      args: ['\uD800', 1],
      message: 'kv.put: argument 1 must be well-formed Unicode',
    },
    {
      title: 'a key that is not a string',
      method: 'get',
      args: [7],
      message: 'kv.get: argument 1 must be string, got number',
    },
    { title: 'put without a value', method: 'put', args: ['k'], message: 'kv.put: argument 2' },
    {
      title: 'a list limit over the maximum',
      method: 'list',
      args: ['', { limit: 1001 }],
      message: 'kv.list: argument 2 field limit must be at most 1000',
    },
    {
      title: 'an unknown list option',
      method: 'list',
      args: ['', { offset: 3 }],
      message: 'kv.list: argument 2 has unknown keys: offset',
    },
  ];

  it.each(invalid)('refuses $title', async ({ method, args, message }) => {
    const attempt = call(open(), tenantA, method, ...args);
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('accepts a value of exactly 64 KiB of JSON', async () => {
    const value = 'x'.repeat(64 * 1024 - 2); // the two quotes make 64 KiB
    await expect(call(open(), tenantA, 'put', 'k', value)).resolves.toBeNull();
  });

  it('caps keys per tenant, still allowing overwrites and other tenants', async () => {
    const kv = open({ maxKeysPerTenant: 3 });
    for (const key of ['a', 'b', 'c']) await call(kv, tenantA, 'put', key, 1);

    await expect(call(kv, tenantA, 'put', 'd', 1)).rejects.toThrow(
      'kv.put: the tenant already has 3 keys, the most allowed',
    );
    await expect(call(kv, tenantA, 'put', 'a', 2)).resolves.toBeNull();
    await expect(call(kv, tenantB, 'put', 'd', 1)).resolves.toBeNull();

    await call(kv, tenantA, 'delete', 'b');
    await expect(call(kv, tenantA, 'put', 'd', 1)).resolves.toBeNull();
    expect(await call(kv, tenantA, 'list')).toEqual(['a', 'c', 'd']);
  });

  it('honours a smaller maxKeyBytes and maxValueBytes', async () => {
    const kv = open({ maxKeyBytes: 4, maxValueBytes: 10 });
    await expect(call(kv, tenantA, 'put', 'abcde', 1)).rejects.toThrow('at most 4 bytes');
    await expect(call(kv, tenantA, 'put', 'abcd', 'x'.repeat(9))).rejects.toThrow(
      'must be JSON no larger than 10 bytes',
    );
  });
});
