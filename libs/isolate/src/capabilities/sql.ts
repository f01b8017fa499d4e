/**
 * `env.sql.query(sql, params)`: read-only queries against the operator's SQLite database.
 * Threat model: the SQL is untrusted. It must be one SELECT that SQLite itself marks
 * read-only, on a connection opened read-only, in a child process the host kills when the
 * query runs too long; values go in as bound parameters and come out as capped JSON rows.
 * Which tables a tenant may see is the operator's choice of file: every tenant granted
 * `sql` sees the whole database.
 */
import { AirlockError, ConfigError, ErrorCode, InvalidInputError } from '@airlock/core';
import Database from 'better-sqlite3';
import { z } from 'zod';
import type { Capability, Json } from '../types.js';
import { buildCapability } from './define.js';
import type { SqlChildReply } from './sql-child.js';
import { SqlRunner, SqlTimeoutError } from './sql-runner.js';
import { allowedSql, refuseSqlText } from './sql-statement.js';
import { utf8String } from './schemas.js';

export interface SqlCapabilityOptions {
  /** The operator's database, opened read-only; it must exist. Default: an empty in-memory one. */
  file?: string;
  /** Rows beyond this are dropped and `truncated` is true. Default 1,000. */
  maxRows?: number;
  /** Rows beyond this many bytes of JSON are dropped too. Default 1 MiB. */
  maxResultBytes?: number;
  /** A query still running after this is killed. Default 1,000. */
  timeoutMs?: number;
  /** Of the SQL text. Default 16 KiB. */
  maxSqlBytes?: number;
}

export interface SqlCapability extends Capability {
  close(): void;
}

export interface SqlResult {
  rows: Record<string, Json>[];
  truncated: boolean;
}

const scalar = z.union([z.null(), z.boolean(), z.number(), z.string().max(64 * 1024)]);
const parameterName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);
const params = z
  .union([z.array(scalar).max(999), z.record(parameterName, scalar)], {
    error: 'must be an array or an object of JSON scalars (null, boolean, number, string)',
  })
  .optional();

/**
 * NOTE: BLOB values come out as base64 strings, integers beyond 2^53 as decimal strings,
 * and infinite reals as null; columns of the same name keep only the last value.
 */
export function createSqlCapability(options: SqlCapabilityOptions = {}): SqlCapability {
  if (options.file !== undefined) checkDatabaseFile(options.file);
  const maxRows = options.maxRows ?? 1_000;
  const maxResultBytes = options.maxResultBytes ?? 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 1_000;
  const runner = new SqlRunner(options.file ?? null, timeoutMs);

  const capability = buildCapability({
    name: 'sql',
    methods: {
      query: {
        args: z.tuple([utf8String(options.maxSqlBytes ?? 16 * 1024), params]),
        handler: async (_context, [sql, values]): Promise<Json> => {
          const refusal = refuseSqlText(sql);
          if (refusal !== undefined) throw new InvalidInputError('sql.query', refusal);

          const query = { sql, params: values, maxRows, maxResultBytes };
          const reply = await runner.query(query).catch((error: unknown) => {
            throw runnerError(error, timeoutMs);
          });
          return answer(reply) as unknown as Json;
        },
      },
    },
  });
  return { ...capability, close: () => runner.close() };
}

/** The operator's mistakes show at start-up, not at the first query. */
function checkDatabaseFile(file: string): void {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
    } finally {
      db.close();
    }
  } catch (error) {
    throw new ConfigError('sql.file', `cannot open ${file} as an existing SQLite database`, {
      cause: error,
      hint: 'point it at a SQLite file that exists and is readable',
    });
  }
}

function answer(reply: SqlChildReply): SqlResult {
  if (reply.ok) return { rows: reply.rows as SqlResult['rows'], truncated: reply.truncated };
  if (reply.refused) {
    throw new InvalidInputError('sql.query', `${refusedWhy(reply.message)}; ${allowedSql}`);
  }
  throw new InvalidInputError('sql.query', `the query failed: ${reply.message}`);
}

function refusedWhy(message: string): string {
  if (/more than one statement/.test(message)) return 'more than one statement was given';
  if (/no statements/.test(message)) return 'the query has no statement';
  return `the statement is refused: ${message}`;
}

function runnerError(error: unknown, timeoutMs: number): Error {
  if (error instanceof SqlTimeoutError) {
    return new InvalidInputError(
      'sql.query',
      `the query ran longer than ${timeoutMs} ms and was stopped; narrow it or add a LIMIT`,
    );
  }
  return new AirlockError(ErrorCode.Internal, 'sql.query: the SQL process failed', {
    cause: error,
  });
}
