/**
 * The conformance ratchet: the cases known to fail, each with a one-line reason, kept in
 * libs/policy/conformance/known-failures.json. A case that newly fails, or a listed case
 * that now passes, breaks the ratchet, so the list only ever shrinks on purpose.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceCase } from './cases.js';
import type { CaseResult } from './run-case.js';

/** Case key → why it fails. */
export type KnownFailures = Record<string, string>;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const defaultCasesDir = resolve(repoRoot, '../shared/conformance/rego');
export const knownFailuresFile = resolve(repoRoot, 'libs/policy/conformance/known-failures.json');

/**
 * A stable name per case: `<file>#<note>`, the way the runner reports it; when a file
 * repeats a note, `#<index in the file>` (from 0) is appended to tell the cases apart.
 */
export function caseKeys(cases: readonly ConformanceCase[]): string[] {
  const counts = new Map<string, number>();
  for (const c of cases)
    counts.set(`${c.file}#${c.note}`, (counts.get(`${c.file}#${c.note}`) ?? 0) + 1);
  const indexInFile = new Map<string, number>();
  return cases.map((c) => {
    const index = indexInFile.get(c.file) ?? 0;
    indexInFile.set(c.file, index + 1);
    const key = `${c.file}#${c.note}`;
    return (counts.get(key) ?? 0) > 1 ? `${key}#${index}` : key;
  });
}

export interface KeyedResult {
  key: string;
  result: CaseResult;
}

export interface RatchetReport {
  /** Failing cases the list does not name, with why they fail. */
  newFailures: Array<[string, string]>;
  /** Listed cases that pass now: remove them from the list. */
  nowPassing: string[];
  /** Listed keys that match no case (renamed or removed cases). */
  unknown: string[];
}

export function compareWithKnown(
  results: readonly KeyedResult[],
  known: KnownFailures,
): RatchetReport {
  const keys = new Set(results.map((r) => r.key));
  const newFailures: Array<[string, string]> = [];
  const nowPassing: string[] = [];
  for (const { key, result } of results) {
    if (!result.pass && !(key in known)) newFailures.push([key, oneLine(result.reason ?? '')]);
    if (result.pass && key in known) nowPassing.push(key);
  }
  const unknown = Object.keys(known).filter((key) => !keys.has(key));
  return { newFailures, nowPassing, unknown };
}

/**
 * A short reason from the runner's: without the `error: ` prefix and the case's own
 * `test-N.rego:line:col:` place, cut to one line of at most 160 characters.
 */
export function oneLine(reason: string): string {
  const text = reason
    .replace(/^error: /, '')
    .replace(/\btest-\d+\.rego:\d+:\d+: /g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/** The list for these results: existing reasons kept, new failures given their reason. */
export function nextKnownFailures(
  results: readonly KeyedResult[],
  known: KnownFailures,
): KnownFailures {
  const next: KnownFailures = {};
  for (const { key, result } of results) {
    if (!result.pass) next[key] = known[key] ?? oneLine(result.reason ?? '');
  }
  return next;
}

export function readKnownFailures(file = knownFailuresFile): KnownFailures {
  return JSON.parse(readFileSync(file, 'utf8')) as KnownFailures;
}

export function writeKnownFailures(list: KnownFailures, file = knownFailuresFile): void {
  writeFileSync(file, `${JSON.stringify(list, null, 2)}\n`);
}
