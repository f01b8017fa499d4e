/**
 * The process that runs `env.sql.query` statements. It is started as `node -e` with the
 * source of `sqlChildMain`, so the function must be self-contained: no imports, no
 * closures, only `require` and `process`. Running queries out of the host process lets
 * the host kill a runaway query (SQLite here has no progress handler or interrupt).
 * Threat model: the SQL text is untrusted. The database is opened read-only (an in-memory
 * one is set query_only), a statement runs only if SQLite itself calls it a read-only
 * reader, `load_extension` is replaced by a function that refuses, and rows are capped.
 */

/** What the host sends for one query. */
export interface SqlChildQuery {
  id: number;
  sql: string;
  params: unknown[] | Record<string, unknown> | undefined;
  maxRows: number;
  maxResultBytes: number;
}

/** What the child answers: rows, or a message meant for the code that asked. */
export type SqlChildReply =
  | { id: number; ok: true; rows: Record<string, unknown>[]; truncated: boolean }
  | { id: number; ok: false; refused: boolean; message: string };

/** Sent once, when the database is open: query time budgets start only after it. */
export const sqlChildReadyId = 0;

/** Passed as the child's first argument, as JSON. */
export interface SqlChildConfig {
  driverPath: string;
  /** The operator's database file, or null for an empty in-memory database. */
  file: string | null;
}

export function sqlChildMain(): void {
  type Driver = typeof import('better-sqlite3');
  type Statement = import('better-sqlite3').Statement<unknown[], unknown[]>;
  const config = JSON.parse(process.argv[1] ?? '{}') as SqlChildConfig;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS `node -e` script
  const Database = require(config.driverPath) as Driver;
  const send = (reply: SqlChildReply): void => void process.send?.(reply);

  const db =
    config.file === null
      ? new Database(':memory:')
      : new Database(config.file, { readonly: true, fileMustExist: true });
  db.pragma('query_only = ON');
  db.function('load_extension', { varargs: true }, () => {
    throw new Error('load_extension is not allowed');
  });

  const toJson = (value: unknown): unknown => {
    if (typeof value === 'bigint') {
      const asNumber = Number(value);
      return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
    }
    if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
    if (typeof value === 'number' && !Number.isFinite(value)) return null;
    return value;
  };

  const bind = (params: SqlChildQuery['params']): unknown[] => {
    const scalar = (value: unknown): unknown =>
      typeof value === 'boolean' ? Number(value) : value;
    if (params === undefined) return [];
    if (Array.isArray(params)) return params.map(scalar);
    return [Object.fromEntries(Object.entries(params).map(([key, value]) => [key, scalar(value)]))];
  };

  const prepare = (query: SqlChildQuery): Statement | SqlChildReply => {
    try {
      const statement = db.prepare<unknown[], unknown[]>(query.sql);
      if (statement.reader && statement.readonly) return statement;
      return {
        id: query.id,
        ok: false,
        refused: true,
        message: 'it writes or changes the database',
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        id: query.id,
        ok: false,
        refused: /more than one statement|no statements/.test(message),
        message,
      };
    }
  };

  const run = (query: SqlChildQuery): SqlChildReply => {
    const prepared = prepare(query);
    if (!('all' in prepared)) return prepared;
    const statement = prepared.raw(true).safeIntegers(true);
    const columns = statement.columns().map((column) => column.name);
    const rows: Record<string, unknown>[] = [];
    let bytes = 2;
    let truncated = false;
    for (const values of statement.iterate(...bind(query.params))) {
      const row = Object.fromEntries(columns.map((name, index) => [name, toJson(values[index])]));
      bytes += Buffer.byteLength(JSON.stringify(row)) + 1;
      if (rows.length >= query.maxRows || bytes > query.maxResultBytes) {
        truncated = true;
        break;
      }
      rows.push(row);
    }
    return { id: query.id, ok: true, rows, truncated };
  };

  process.on('message', (query: SqlChildQuery) => {
    try {
      send(run(query));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      send({ id: query.id, ok: false, refused: false, message });
    }
  });
  // Id 0 (sqlChildReadyId; no imports in this function) tells the host the database is open.
  send({ id: 0, ok: true, rows: [], truncated: false });
}
