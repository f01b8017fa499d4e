import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@airlock/core';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IsolateExecutor } from '../executor.js';
import { buildIsolateLibrary, request } from '../test-helpers.js';
import { defineCapability } from './define.js';
import { createKvCapability, type KvCapability } from './kv.js';
import { createLogCapability } from './log.js';
import { createSqlCapability, type SqlCapability } from './sql.js';

let dir: string;
let kv: KvCapability;
let sql: SqlCapability;
let executor: IsolateExecutor;

const allGranted = ['kv', 'sql', 'log', 'greeting'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-capabilities-'));
  const operatorDb = join(dir, 'operator.db');
  const db = new Database(operatorDb);
  db.exec(
    "CREATE TABLE cities (name TEXT, population INTEGER); INSERT INTO cities VALUES ('Oslo', 709000), ('Bergen', 291000)",
  );
  db.close();

  kv = createKvCapability({ file: join(dir, 'kv.db') });
  sql = createSqlCapability({ file: operatorDb });
  const greeting = defineCapability({
    name: 'greeting',
    methods: {
      hello: {
        args: z.tuple([z.string().max(10)]),
        handler: (context, [name]) => `hello ${name} from ${context.tenant}`,
      },
    },
  });

  await buildIsolateLibrary();
  executor = new IsolateExecutor({
    workers: 1,
    capabilities: [kv, sql, createLogCapability({ logger: silentLogger }), greeting],
    logger: silentLogger,
  });
  await executor.start();
});

afterAll(async () => {
  await executor.close();
  kv.close();
  sql.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('capabilities called from code in a real isolate', () => {
  it('stores, queries, logs and greets, with each call counted', async () => {
    const code = `
      export default async (input, env) => {
        await env.kv.put('visits', { count: 1 });
        const stored = await env.kv.get('visits');
        const keys = await env.kv.list('vis');
        const { rows } = await env.sql.query('SELECT name FROM cities WHERE population > ? ORDER BY name', [input.min]);
        env.log.info('looked up', { cities: rows.length });
        const greeting = await env.greeting.hello('Ada');
        return { stored, keys, rows, greeting };
      };`;
    const result = await executor.execute(
      request(code, { tenant: 'tenant-a', capabilities: allGranted, input: { min: 300000 } }),
    );

    expect(result).toMatchObject({
      status: 'ok',
      value: {
        stored: { count: 1 },
        keys: ['visits'],
        rows: [{ name: 'Oslo' }],
        greeting: 'hello Ada from tenant-a',
      },
      logs: [{ level: 'info', source: 'env.log', message: 'looked up', data: { cities: 1 } }],
    });
    expect(result.usage.capabilityCalls).toEqual({ kv: 3, sql: 1, log: 1, greeting: 1 });
  });

  it('gives another tenant none of the first tenant’s keys', async () => {
    await executor.execute(
      request("export default (input, env) => env.kv.put('secret', 'of A')", {
        tenant: 'tenant-a',
        capabilities: ['kv'],
      }),
    );
    const code = `export default async (input, env) => ({
      secret: await env.kv.get('secret'),
      keys: await env.kv.list(),
    })`;
    const result = await executor.execute(
      request(code, { tenant: 'tenant-b', capabilities: ['kv'] }),
    );
    expect(result).toMatchObject({ status: 'ok', value: { secret: null, keys: [] } });
  });

  it('shows the code the capability’s own message for a refused call', async () => {
    const code = `
      export default async (input, env) => {
        const messages = [];
        for (const attempt of [
          () => env.sql.query('DELETE FROM cities'),
          () => env.kv.put('big', 'x'.repeat(70000)),
          () => env.greeting.hello(42),
        ]) {
          try { await attempt(); } catch (error) { messages.push(error.message); }
        }
        return messages;
      };`;
    const result = await executor.execute(request(code, { capabilities: allGranted }));

    expect(result.status).toBe('ok');
    const messages = result.value as string[];
    expect(messages[0]).toContain('sql.query: DELETE is refused; only one read-only SELECT');
    expect(messages[1]).toContain('kv.put: argument 2 must be JSON no larger than 64 KiB');
    expect(messages[2]).toContain('greeting.hello: argument 1 must be string, got number');
  });
});
