/**
 * The SQLite side of the kv capability: one table keyed by (tenant, key), prepared
 * statements only, and the tenant bound as its own parameter in every one of them.
 */
import type Database from 'better-sqlite3';
import type { Json } from '../types.js';

const schema = `
  CREATE TABLE IF NOT EXISTS kv (
    tenant TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (tenant, key)
  ) WITHOUT ROWID`;

// Prefixes compare as bytes (CAST AS BLOB), never with LIKE or GLOB, so `%`, `_`, `*` and
// NUL in a prefix are plain characters. `key >= prefix` lets SQLite start the index scan there.
// The empty prefix is its own case because substr() of an empty blob is NULL, not X''.
const listSql = `
  SELECT key FROM kv
  WHERE tenant = @tenant AND key >= @prefix
    AND (@prefix = ''
      OR substr(CAST(key AS BLOB), 1, length(CAST(@prefix AS BLOB))) = CAST(@prefix AS BLOB))
    AND (@after IS NULL OR key > @after)
  ORDER BY key LIMIT @limit`;

export class KvStore {
  readonly #db: Database.Database;
  readonly #get: Database.Statement<[string, string], { value: string }>;
  readonly #upsert: Database.Statement<[string, string, string]>;
  readonly #delete: Database.Statement<[string, string]>;
  readonly #count: Database.Statement<[string], { count: number }>;
  readonly #list: Database.Statement<[Record<string, unknown>], { key: string }>;
  readonly #put: (tenant: string, key: string, value: string, maxKeys: number) => boolean;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(schema);
    this.#get = db.prepare('SELECT value FROM kv WHERE tenant = ? AND key = ?');
    this.#upsert = db.prepare(
      'INSERT INTO kv (tenant, key, value) VALUES (?, ?, ?) ' +
        'ON CONFLICT (tenant, key) DO UPDATE SET value = excluded.value',
    );
    this.#delete = db.prepare('DELETE FROM kv WHERE tenant = ? AND key = ?');
    this.#count = db.prepare('SELECT count(*) AS count FROM kv WHERE tenant = ?');
    this.#list = db.prepare(listSql);
    this.#put = db.transaction((tenant, key, value, maxKeys) =>
      this.#putInside(tenant, key, value, maxKeys),
    );
  }

  get(tenant: string, key: string): Json {
    const row = this.#get.get(tenant, key);
    return row === undefined ? null : (JSON.parse(row.value) as Json);
  }

  /** False when the key is new and the tenant already has `maxKeys` keys. */
  put(tenant: string, key: string, valueJson: string, maxKeys: number): boolean {
    return this.#put(tenant, key, valueJson, maxKeys);
  }

  delete(tenant: string, key: string): boolean {
    return this.#delete.run(tenant, key).changes > 0;
  }

  /** Keys starting with `prefix`, after `after` if given, in byte (code point) order. */
  list(tenant: string, prefix: string, after: string | undefined, limit: number): string[] {
    const rows = this.#list.all({ tenant, prefix, after: after ?? null, limit });
    return rows.map((row) => row.key);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  #putInside(tenant: string, key: string, valueJson: string, maxKeys: number): boolean {
    const exists = this.#get.get(tenant, key) !== undefined;
    if (!exists && (this.#count.get(tenant)?.count ?? 0) >= maxKeys) return false;
    this.#upsert.run(tenant, key, valueJson);
    return true;
  }
}
