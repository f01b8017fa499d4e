import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, InvalidInputError } from '@airlock/core';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext, Json } from '../types.js';
import { createSqlCapability, type SqlCapability } from './sql.js';

const context: CallContext = { tenant: 'tenant-a', executionId: 'exec-1' };

let dir: string;
let operatorDb: string;
const opened: SqlCapability[] = [];

function open(options: Parameters<typeof createSqlCapability>[0] = {}): SqlCapability {
  const capability = createSqlCapability(options);
  opened.push(capability);
  return capability;
}

async function query(capability: SqlCapability, ...args: Json[]): Promise<Json> {
  const method = capability.methods.query;
  if (method === undefined) throw new Error('sql has no query method');
  return method(context, args);
}

/** The operator's database: a small people table and a 2,500-row numbers table. */
function createOperatorDb(file: string): void {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, age INTEGER, score REAL,
                         photo BLOB, big INTEGER);
    INSERT INTO people VALUES (1, 'Ada', 36, 9.5, x'00ff10', 9007199254740993),
                              (2, 'Grace', 45, NULL, NULL, 7),
                              (3, 'Linus', 28, 1e999, NULL, -9007199254740993);
    CREATE TABLE numbers (n INTEGER);
    WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 2500)
    INSERT INTO numbers SELECT n FROM c;
  `);
  db.close();
}

/** Every file of the database directory with its hash, to prove nothing was written. */
function snapshot(): Record<string, string> {
  const files = readdirSync(dir).filter((name) => name.startsWith('operator'));
  const hash = (name: string) =>
    createHash('sha256')
      .update(readFileSync(join(dir, name)))
      .digest('hex');
  return Object.fromEntries(files.map((name) => [name, hash(name)]));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-sql-'));
  operatorDb = join(dir, 'operator.db');
  createOperatorDb(operatorDb);
});

afterAll(() => {
  for (const capability of opened) capability.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sql.query reads the operator database', () => {
  const valid: { title: string; args: Json[]; rows: Json }[] = [
    {
      title: 'positional parameters',
      args: ['SELECT name FROM people WHERE age > ? AND age < ? ORDER BY id', [30, 50]],
      rows: [{ name: 'Ada' }, { name: 'Grace' }],
    },
    {
      title: 'named parameters in all three spellings',
      args: [
        'SELECT name FROM people WHERE id = :a OR id = @b OR id = $c ORDER BY id',
        { a: 1, b: 2, c: 3 },
      ],
      rows: [{ name: 'Ada' }, { name: 'Grace' }, { name: 'Linus' }],
    },
    {
      title: 'booleans bind as 1 and 0, null as NULL',
      args: ['SELECT ? AS yes, ? AS no, ? IS NULL AS empty', [true, false, null]],
      rows: [{ yes: 1, no: 0, empty: 1 }],
    },
    {
      // A value is never SQL: the quote is just a character of the name.
      title: 'a parameter holding SQL stays a value',
      args: ['SELECT count(*) AS n FROM people WHERE name = ?', ["x' OR '1'='1"]],
      rows: [{ n: 0 }],
    },
    {
      title: 'big integers become strings, blobs base64, infinity null',
      args: ['SELECT big, photo, score FROM people WHERE id IN (1, 3) ORDER BY id'],
      rows: [
        { big: '9007199254740993', photo: 'AP8Q', score: 9.5 },
        { big: '-9007199254740993', photo: null, score: null },
      ],
    },
    {
      title: 'WITH, VALUES, a leading comment and a trailing semicolon are fine',
      args: ['-- adults\nWITH a AS (SELECT name FROM people WHERE age > 40) SELECT * FROM a;'],
      rows: [{ name: 'Grace' }],
    },
    { title: 'VALUES', args: ['VALUES (1, 2)'], rows: [{ column1: 1, column2: 2 }] },
    {
      // A column called __proto__ is an ordinary key, not the row's prototype.
      title: 'a column named __proto__',
      args: ['SELECT 1 AS __proto__'],
      rows: [JSON.parse('{"__proto__": 1}') as Json],
    },
  ];

  it.each(valid)('$title', async ({ args, rows }) => {
    const sql = open({ file: operatorDb });
    expect(await query(sql, ...args)).toEqual({ rows, truncated: false });
  });

  it('caps rows at 1,000 by default and says so', async () => {
    const result = (await query(open({ file: operatorDb }), 'SELECT n FROM numbers')) as {
      rows: { n: number }[];
      truncated: boolean;
    };
    expect(result.rows).toHaveLength(1000);
    expect(result.rows.at(-1)).toEqual({ n: 1000 });
    expect(result.truncated).toBe(true);
  });

  it('caps rows at maxRows and at maxResultBytes', async () => {
    const fewRows = open({ file: operatorDb, maxRows: 10 });
    const few = await query(fewRows, 'SELECT n FROM numbers');
    expect(few).toMatchObject({ truncated: true, rows: { length: 10 } });

    const fewBytes = open({ file: operatorDb, maxResultBytes: 100 });
    const small = (await query(fewBytes, 'SELECT n FROM numbers')) as { rows: Json[] };
    expect(JSON.stringify(small.rows).length).toBeLessThanOrEqual(100);
    expect(small).toMatchObject({ truncated: true });

    // Exactly maxRows rows is not truncated.
    const exact = await query(fewRows, 'SELECT n FROM numbers WHERE n <= 10');
    expect(exact).toMatchObject({ truncated: false, rows: { length: 10 } });
  });

  it('sees rows the operator writes to a WAL database while it is open', async () => {
    const file = join(dir, 'live.db');
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE events (id INTEGER); INSERT INTO events VALUES (1)');

    const sql = open({ file });
    const count = 'SELECT count(*) AS n FROM events';
    expect(await query(sql, count)).toEqual({ rows: [{ n: 1 }], truncated: false });
    writer.exec('INSERT INTO events VALUES (2)');
    expect(await query(sql, count)).toEqual({ rows: [{ n: 2 }], truncated: false });
    writer.close();
  });

  it('queries an empty in-memory database when no file is configured', async () => {
    const sql = open();
    expect(await query(sql, 'SELECT 1 + 1 AS two')).toEqual({
      rows: [{ two: 2 }],
      truncated: false,
    });
    expect(await query(sql, 'SELECT name FROM sqlite_schema')).toEqual({
      rows: [],
      truncated: false,
    });
    await expect(query(sql, 'CREATE TABLE t (a)')).rejects.toThrow(/CREATE is refused/);
  });
});

describe('sql.query refuses everything but one read-only SELECT', () => {
  const invalid: { title: string; sql: string; message: RegExp }[] = [
    {
      title: 'INSERT',
      sql: "INSERT INTO people (name) VALUES ('Eve')",
      message: /INSERT is refused/,
    },
    { title: 'UPDATE', sql: "UPDATE people SET name = 'Eve'", message: /UPDATE is refused/ },
    { title: 'DELETE', sql: 'DELETE FROM people', message: /DELETE is refused/ },
    { title: 'REPLACE', sql: 'REPLACE INTO people (id) VALUES (1)', message: /REPLACE is refused/ },
    { title: 'DROP', sql: 'DROP TABLE people', message: /DROP is refused/ },
    { title: 'CREATE', sql: 'CREATE TABLE t (a)', message: /CREATE is refused/ },
    { title: 'CREATE TEMP', sql: 'CREATE TEMP TABLE t (a)', message: /CREATE is refused/ },
    { title: 'ALTER', sql: 'ALTER TABLE people ADD c', message: /ALTER is refused/ },
    {
      title: 'ATTACH',
      sql: "ATTACH 'attached.db' AS x",
      message: /ATTACH is refused/,
    },
    { title: 'DETACH', sql: 'DETACH main', message: /DETACH is refused/ },
    { title: 'PRAGMA writable_schema', sql: 'PRAGMA writable_schema = ON', message: /PRAGMA/ },
    { title: 'PRAGMA read', sql: 'PRAGMA table_info(people)', message: /PRAGMA is refused/ },
    {
      // pragma_database_list would tell the code where the host keeps the file.
      title: 'a pragma table function',
      sql: 'SELECT file FROM pragma_database_list',
      message: /pragma functions are refused/,
    },
    { title: 'VACUUM INTO', sql: "VACUUM INTO '/tmp/copy.db'", message: /VACUUM is refused/ },
    { title: 'BEGIN', sql: 'BEGIN', message: /BEGIN is refused/ },
    { title: 'EXPLAIN', sql: 'EXPLAIN SELECT 1', message: /EXPLAIN is refused/ },
    {
      title: 'a write hidden after a comment',
      sql: '/* hi */ DELETE FROM people',
      message: /DELETE/,
    },
    { title: 'empty', sql: '', message: /has no statement/ },
    { title: 'only a comment', sql: '-- nothing', message: /has no statement/ },
    {
      // Passes the keyword check; SQLite's prepare refuses a second statement.
      title: 'a second statement after a SELECT',
      sql: 'SELECT 1; DROP TABLE people',
      message: /more than one statement/,
    },
    {
      title: 'two SELECTs',
      sql: 'SELECT 1; SELECT 2',
      message: /more than one statement/,
    },
    {
      // Starts with WITH; SQLite marks the statement as a writer.
      title: 'WITH … INSERT',
      sql: "WITH x AS (SELECT 1) INSERT INTO people (name) SELECT 'Eve' FROM x",
      message: /statement is refused: it writes/,
    },
    {
      title: 'WITH … DELETE … RETURNING',
      sql: 'WITH x AS (SELECT 1) DELETE FROM people RETURNING id',
      message: /statement is refused: it writes/,
    },
    {
      title: 'SELECT load_extension',
      sql: "SELECT load_extension('/tmp/evil.so')",
      message: /load_extension is not allowed/,
    },
    {
      title: 'readfile does not exist',
      sql: "SELECT readfile('/etc/passwd')",
      message: /no such function: readfile/,
    },
  ];

  it.each(invalid)('$title', async ({ sql, message }) => {
    const capability = open({ file: operatorDb });
    const before = snapshot();

    const attempt = query(capability, sql);
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toThrow(/^sql\.query: /);

    expect(snapshot()).toEqual(before);
  });

  it('says what is allowed when it refuses', async () => {
    await expect(query(open({ file: operatorDb }), 'DELETE FROM people')).rejects.toThrow(
      'sql.query: DELETE is refused; only one read-only SELECT statement is allowed',
    );
  });

  it('leaves the rows of the operator database as they were', async () => {
    const capability = open({ file: operatorDb });
    for (const { sql } of invalid) await query(capability, sql).catch(() => undefined);

    const db = new Database(operatorDb, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM people').get()).toEqual({ n: 3 });
    expect(db.prepare('SELECT count(*) AS n FROM numbers').get()).toEqual({ n: 2500 });
    db.close();
  });
});

describe('sql.query arguments and limits', () => {
  const invalid: { title: string; args: Json[]; message: string }[] = [
    {
      title: 'no SQL',
      args: [],
      message: 'sql.query: argument 1 is missing (needs at least 1 argument)',
    },
    {
      title: 'SQL not a string',
      args: [42],
      message: 'sql.query: argument 1 must be string, got number',
    },
    {
      title: 'a nested parameter',
      args: ['SELECT ?', [[1]]],
      message: 'sql.query: argument 2 must be an array or an object of JSON scalars',
    },
    {
      title: 'an object parameter',
      args: ['SELECT :a', { a: { b: 1 } }],
      message: 'sql.query: argument 2 must be an array or an object of JSON scalars',
    },
    {
      title: 'a third argument',
      args: ['SELECT 1', [], 1],
      message: 'sql.query: takes at most 2 arguments',
    },
    {
      title: 'SQL longer than maxSqlBytes',
      args: [`SELECT '${'x'.repeat(17 * 1024)}'`],
      message: 'sql.query: argument 1 must be at most 16 KiB as UTF-8',
    },
    {
      title: 'too few parameter values',
      args: ['SELECT ? + ?', [1]],
      message: 'sql.query: the query failed: Too few parameter values were provided',
    },
  ];

  it.each(invalid)('$title', async ({ args, message }) => {
    const attempt = query(open(), ...args);
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('stops a runaway query at timeoutMs, then serves the next one', async () => {
    const sql = open({ file: operatorDb, timeoutMs: 200 });
    const endless =
      'WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c';

    const started = Date.now();
    await expect(query(sql, endless)).rejects.toThrow(
      'sql.query: the query ran longer than 200 ms and was stopped',
    );
    expect(Date.now() - started).toBeLessThan(5_000);

    expect(await query(sql, 'SELECT count(*) AS n FROM people')).toEqual({
      rows: [{ n: 3 }],
      truncated: false,
    });
  });

  it('answers queries queued behind a runaway one', async () => {
    const sql = open({ file: operatorDb, timeoutMs: 200 });
    const endless =
      'WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT max(n) FROM c';

    const [runaway, next, third] = await Promise.allSettled([
      query(sql, endless),
      query(sql, 'SELECT 1 AS one'),
      query(sql, 'SELECT 2 AS two'),
    ]);
    expect(runaway).toMatchObject({ status: 'rejected' });
    expect(next).toEqual({ status: 'fulfilled', value: { rows: [{ one: 1 }], truncated: false } });
    expect(third).toEqual({ status: 'fulfilled', value: { rows: [{ two: 2 }], truncated: false } });
  });

  it('refuses at start-up a file that is missing or not a database', () => {
    expect(() => createSqlCapability({ file: join(dir, 'missing.db') })).toThrow(ConfigError);

    const notDb = join(dir, 'not-a-db.db');
    writeFileSync(notDb, 'plain text, not SQLite '.repeat(100));
    expect(() => createSqlCapability({ file: notDb })).toThrow(/sql\.file: cannot open/);
  });

  it('fails queries after close', async () => {
    const sql = createSqlCapability({ file: operatorDb });
    sql.close();
    await expect(query(sql, 'SELECT 1')).rejects.toThrow(/SQL process failed/);
  });
});
