/**
 * `env.kv.get|put|delete|list`: a key-value store per tenant in one SQLite file.
 * Threat model: code picks any key it likes, so the tenant is never part of the key text:
 * it comes from the executor's CallContext and is a separate column of the primary key,
 * and every statement binds it. Keys are compared exactly, never as patterns.
 */
import { ConfigError, InvalidInputError } from '@airlock/core';
import Database from 'better-sqlite3';
import { z } from 'zod';
import type { CallContext, Capability, Json } from '../types.js';
import { buildCapability } from './define.js';
import { utf8String, jsonValue } from './schemas.js';
import { KvStore } from './kv-store.js';

export interface KvCapabilityOptions {
  /** The SQLite file; created if missing. */
  file: string;
  /** Default 512. */
  maxKeyBytes?: number;
  /** Of the value's JSON text. Default 64 KiB. */
  maxValueBytes?: number;
  /** Default 10,000. */
  maxKeysPerTenant?: number;
  /** The most keys one `list` returns. Default 1,000. */
  maxListKeys?: number;
}

export interface KvCapability extends Capability {
  close(): void;
}

export function createKvCapability(options: KvCapabilityOptions): KvCapability {
  const maxKeyBytes = options.maxKeyBytes ?? 512;
  const maxValueBytes = options.maxValueBytes ?? 64 * 1024;
  const maxKeysPerTenant = options.maxKeysPerTenant ?? 10_000;
  const maxListKeys = options.maxListKeys ?? 1_000;
  const store = new KvStore(openDatabase(options.file));

  const key = utf8String(maxKeyBytes);
  const listOptions = z
    .strictObject({
      limit: z.number().int().min(1).max(maxListKeys).optional(),
      after: key.optional(),
    })
    .optional();

  const capability = buildCapability({
    name: 'kv',
    methods: {
      get: {
        args: z.tuple([key]),
        handler: (context, [k]): Json => store.get(tenantOf(context), k),
      },
      put: {
        args: z.tuple([key, jsonValue(maxValueBytes)]),
        handler: (context, [k, value]): null => {
          const added = store.put(tenantOf(context), k, JSON.stringify(value), maxKeysPerTenant);
          if (!added) throw keysFull(maxKeysPerTenant);
          return null;
        },
      },
      delete: {
        args: z.tuple([key]),
        handler: (context, [k]): boolean => store.delete(tenantOf(context), k),
      },
      list: {
        args: z.tuple([key.optional(), listOptions]),
        handler: (context, [prefix, list]): string[] =>
          store.list(tenantOf(context), prefix ?? '', list?.after, list?.limit ?? 100),
      },
    },
  });
  return { ...capability, close: () => store.close() };
}

function openDatabase(file: string): Database.Database {
  try {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    return db;
  } catch (error) {
    throw new ConfigError('kv.file', `cannot open ${file} as a SQLite database`, {
      cause: error,
    });
  }
}

/** The executor always fills the tenant in; an empty one would pool every such caller. */
function tenantOf(context: CallContext): string {
  if (typeof context.tenant !== 'string' || context.tenant === '') {
    throw new InvalidInputError('kv', 'the call has no tenant; the executor must supply one');
  }
  return context.tenant;
}

function keysFull(maxKeysPerTenant: number): InvalidInputError {
  return new InvalidInputError(
    'kv.put',
    `the tenant already has ${maxKeysPerTenant} keys, the most allowed; delete keys first`,
  );
}
