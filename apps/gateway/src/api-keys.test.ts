import { AirlockError } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { ApiKeyRing, requireTenant, sha256Hex } from './api-keys.js';
import { TenantLimiter } from './tenant-limiter.js';

const plain = 'plain-key-0123456789abcdef0123';
const hashed = 'hashed-key-0123456789abcdef012';

const ring = new ApiKeyRing([
  { name: 'plain', key: plain, tenants: ['a'] },
  { name: 'hashed', sha256: sha256Hex(hashed), tenants: ['b', 'c'] },
]);

function statusOf(run: () => unknown): number | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AirlockError ? error.httpStatus : -1;
  }
  return undefined;
}

describe('ApiKeyRing', () => {
  it('knows keys given plain or as their SHA-256', () => {
    expect(ring.authenticate(`Bearer ${plain}`).keyName).toBe('plain');
    expect([...ring.authenticate(`Bearer ${hashed}`).tenants]).toEqual(['b', 'c']);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', `Basic ${plain}`],
    ['a key with a space appended', `Bearer ${plain} `],
    ['a prefix of a key', `Bearer ${plain.slice(0, -1)}`],
    ['the SHA-256 instead of the key', `Bearer ${sha256Hex(hashed)}`],
  ])('refuses %s with 401', (_name, header) => {
    expect(statusOf(() => ring.authenticate(header))).toBe(401);
  });

  it('answers 403 for a tenant outside the key, naming the tenant field', () => {
    const caller = ring.authenticate(`Bearer ${plain}`);
    expect(statusOf(() => requireTenant(caller, 'a'))).toBeUndefined();
    expect(statusOf(() => requireTenant(caller, 'b'))).toBe(403);
  });
});

describe('TenantLimiter', () => {
  it('runs perTenant at once, queues queuePerTenant, refuses the rest with 429', async () => {
    const limiter = new TenantLimiter({ perTenant: 2, queuePerTenant: 1 });
    const gates: (() => void)[] = [];
    let running = 0;
    let most = 0;
    const work = () =>
      new Promise<void>((resolve) => {
        running += 1;
        most = Math.max(most, running);
        gates.push(() => {
          running -= 1;
          resolve();
        });
      });
    const started = [limiter.run('t', work), limiter.run('t', work), limiter.run('t', work)];
    await expect(limiter.run('t', work)).rejects.toMatchObject({ httpStatus: 429 });
    expect(limiter.queued()).toBe(1);

    // Another tenant has slots of its own.
    const other = limiter.run('u', async () => 'u');
    await expect(other).resolves.toBe('u');

    while (gates.length > 0 || limiter.queued() > 0) {
      gates.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(started);
    expect(most).toBe(2);
    expect(limiter.queued()).toBe(0);
  });
});
