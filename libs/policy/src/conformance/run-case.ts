/** Runs one conformance case against the engine and says whether it passed, and why not. */
import { compileModules } from '../rego/engine.js';
import type { Bindings } from '../rego/engine.js';
import { groundValue } from '../rego/compile-tree.js';
import { RegoError } from '../rego/errors.js';
import { parseTerm } from '../rego/parser.js';
import { RObject, RSet, fromJSON, toJSON } from '../rego/value.js';
import type { Value } from '../rego/value.js';
import type { ConformanceCase } from './cases.js';

const CASE_TIME_BUDGET_MS = 5_000;

export interface CaseResult {
  category: string;
  file: string;
  note: string;
  pass: boolean;
  /** What differed, for a failing case. */
  reason?: string;
}

function inputOf(c: ConformanceCase): Value | undefined {
  if (c.inputTerm !== undefined) {
    const value = groundValue(parseTerm(c.inputTerm));
    if (value === undefined) throw new Error('input_term is not a ground term');
    return value;
  }
  return c.input === undefined ? undefined : fromJSON(c.input);
}

/**
 * Plain JSON of a value as OPA prints it: sets as sorted arrays, big integers as strings,
 * a non-string object key as its JSON text.
 */
function plain(value: Value): unknown {
  if (value instanceof RObject) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value.sortedPairs()) {
      out[typeof k === 'string' ? k : JSON.stringify(plain(k))] = plain(v);
    }
    return out;
  }
  if (value instanceof RSet) return value.sortedValues().map(plain);
  if (Array.isArray(value)) return value.map(plain);
  return toJSON(value, 'string');
}

/** Canonical JSON text of a value, lists sorted when the order is not defined. */
function canonical(value: unknown, sortLists: boolean): string {
  const json = plain(fromJSON(value));
  if (sortLists && Array.isArray(json)) {
    return JSON.stringify(json.map((item) => JSON.stringify(item)).sort());
  }
  return JSON.stringify(json);
}

function rowsText(rows: Array<Record<string, unknown>>, sortLists: boolean): string[] {
  return rows
    .map((row) =>
      Object.keys(row)
        .sort()
        .map((name) => `${name}=${canonical(row[name], sortLists)}`)
        .join(' '),
    )
    .sort();
}

function checkResult(c: ConformanceCase, rows: Bindings[]): string | undefined {
  if (c.wantDefined !== undefined) {
    return rows.length > 0 === c.wantDefined ? undefined : `defined: ${rows.length > 0}`;
  }
  const want = rowsText(c.wantResult ?? [], c.sortBindings);
  const got = rowsText(rows, c.sortBindings);
  if (JSON.stringify(want) === JSON.stringify(got)) return undefined;
  return `want ${JSON.stringify(want)} got ${JSON.stringify(got)}`;
}

function checkError(c: ConformanceCase, error: unknown): string | undefined {
  if (!(error instanceof RegoError)) return `unexpected ${String(error)}`;
  if (c.wantErrorCode !== undefined && error.code !== c.wantErrorCode) {
    return `want code ${c.wantErrorCode} got ${error.message}`;
  }
  if (c.wantError === undefined || c.wantError === '') return undefined;
  // OPA prints evaluation errors as `file:line: code: message`, without the column.
  const opaStyle = error.loc
    ? `${error.loc.file}:${error.loc.line}: ${error.code}: ${error.detail}`
    : error.message;
  if (error.message.includes(c.wantError) || opaStyle.includes(c.wantError)) return undefined;
  return `want error "${c.wantError}" got ${error.message}`;
}

export function runCase(c: ConformanceCase): CaseResult {
  const head = { category: c.category, file: c.file, note: c.note };
  const wantsError = c.wantError !== undefined || c.wantErrorCode !== undefined;
  let reason: string | undefined;
  try {
    const policy = compileModules(
      c.modules.map((source, i) => ({ file: `test-${i}.rego`, source })),
    );
    const rows = policy.evaluate(c.query, {
      input: inputOf(c),
      data: c.data ?? {},
      strictBuiltinErrors: c.strictError,
      // Cases test semantics, not speed: a loaded machine must not fail them on time.
      timeBudgetMs: CASE_TIME_BUDGET_MS,
    });
    reason = wantsError ? `want an error, got ${rows.length} result(s)` : checkResult(c, rows);
  } catch (error) {
    reason = wantsError
      ? checkError(c, error)
      : `error: ${error instanceof Error ? error.message : String(error)}`;
  }
  return reason === undefined ? { ...head, pass: true } : { ...head, pass: false, reason };
}
