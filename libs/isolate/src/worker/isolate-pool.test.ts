import { afterEach, describe, expect, it } from 'vitest';
import { IsolatePool } from './isolate-pool.js';

const pools: IsolatePool[] = [];

function makePool(maxIdleIsolates = 4, isIdle = () => true): IsolatePool {
  const pool = new IsolatePool({
    warmSize: 2,
    defaultMemoryMb: 64,
    maxIdleIsolates,
    onCatastrophicError: () => undefined,
    isIdle,
  });
  pool.fill();
  pools.push(pool);
  return pool;
}

/** Lets every step of idle-time maintenance already scheduled run. */
async function afterMaintenance(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
}

afterEach(() => {
  for (const pool of pools.splice(0)) pool.close();
});

describe('IsolatePool', () => {
  it('starts with a warm pool of blank isolates', () => {
    expect(makePool().stats()).toEqual({ pooledIsolates: 2, tenantIsolates: 0 });
  });

  it("gives a tenant its own idle isolate back and never another tenant's", () => {
    const pool = makePool();
    const first = pool.acquire('a', 64);
    pool.release(first, true);
    const forB = pool.acquire('b', 64);
    expect(forB.isolate).not.toBe(first.isolate);
    expect(pool.acquire('a', 64).isolate).toBe(first.isolate);
  });

  it('keeps tenant isolates apart by memory limit', () => {
    const pool = makePool();
    const small = pool.acquire('a', 16);
    pool.release(small, true);
    expect(pool.acquire('a', 64).isolate).not.toBe(small.isolate);
    expect(pool.acquire('a', 16).isolate).toBe(small.isolate);
  });

  it('disposes an isolate that is not fit for reuse', () => {
    const pool = makePool();
    const lease = pool.acquire('a', 64);
    pool.release(lease, false);
    expect(lease.isolate.isDisposed).toBe(true);
    expect(pool.acquire('a', 64).isolate).not.toBe(lease.isolate);
  });

  it('evicts the least recently used idle isolates past the cap', () => {
    const pool = makePool(2);
    const leases = ['a', 'b', 'c'].map((tenant) => pool.acquire(tenant, 64));
    for (const lease of leases) pool.release(lease, true);
    expect(pool.stats().tenantIsolates).toBe(2);
    expect(leases[0]?.isolate.isDisposed).toBe(true);
    expect(leases[2]?.isolate.isDisposed).toBe(false);
  });

  it('retires an isolate whose heap passed half its limit', () => {
    const pool = makePool();
    const lease = pool.acquire('a', 64);
    pool.release(lease, true, 40 * 1024 * 1024);
    expect(lease.isolate.isDisposed).toBe(true);
    const next = pool.acquire('a', 64);
    pool.release(next, true, 1024 * 1024);
    expect(next.isolate.isDisposed).toBe(false);
  });

  it('gives every lease an id unique in the pool', () => {
    const pool = makePool();
    const ids = ['a', 'a', 'b'].map((tenant) => pool.acquire(tenant, 64).id);
    expect(new Set(ids).size).toBe(3);
  });

  it('refills the warm pool after executions, and prepares contexts only while idle', async () => {
    let idle = false;
    const pool = makePool(4, () => idle);
    for (const tenant of ['a', 'a', 'b']) {
      const lease = pool.acquire(tenant, 64);
      (await pool.takeContext(lease)).release();
      pool.release(lease, true);
    }

    pool.scheduleMaintenance();
    await afterMaintenance();
    expect(pool.stats().pooledIsolates).toBe(2);
    expect(pool.acquire('a', 64).prepared).toBeUndefined();

    idle = true;
    const again = pool.acquire('b', 64);
    pool.release(again, true);
    pool.scheduleMaintenance();
    await afterMaintenance();
    expect(pool.acquire('b', 64).prepared).toBeDefined();
  });

  it('prepares the next context of a returning tenant while idle, for one execution', async () => {
    const pool = makePool();
    const first = pool.acquire('a', 64);
    (await pool.takeContext(first)).release();
    pool.release(first, true);
    const second = pool.acquire('a', 64);
    (await pool.takeContext(second)).release();
    pool.release(second, true);

    pool.scheduleMaintenance();
    await afterMaintenance();
    const third = pool.acquire('a', 64);
    const prepared = await third.prepared;
    const taken = await pool.takeContext(third);
    const fresh = await pool.takeContext(third);

    expect(prepared).toBeDefined();
    expect(taken).toBe(prepared);
    expect(fresh).not.toBe(taken);
    expect(fresh.context).not.toBe(taken.context);
  });

  it('prepares a context for every idle tenant isolate, the most recently used first', async () => {
    const pool = makePool();
    for (const tenant of ['a', 'b']) {
      const lease = pool.acquire(tenant, 64);
      (await pool.takeContext(lease)).release();
      pool.release(lease, true);
    }
    pool.fill();

    pool.scheduleMaintenance();
    await new Promise((resolve) => setImmediate(resolve));
    const [a, b] = [pool.acquire('a', 64), pool.acquire('b', 64)];
    const preparedAfterOneStep = { a: a.prepared !== undefined, b: b.prepared !== undefined };
    pool.release(a, true);
    pool.scheduleMaintenance();
    await afterMaintenance();

    expect(preparedAfterOneStep).toEqual({ a: false, b: true });
    expect(pool.acquire('a', 64).prepared).toBeDefined();
  });
});
