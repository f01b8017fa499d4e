import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseModule, parseQuery, parseTerm } from './parser.js';

const ROOT = join(import.meta.dirname, '../../../../../shared/conformance/rego');

interface Case {
  note: string;
  query: string;
  modules?: string[];
  input_term?: string;
  want_error?: string;
  want_error_code?: string;
}

function caseFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return caseFiles(path);
    return entry.name.endsWith('.yaml') ? [path] : [];
  });
}

/** Every source text of a case with what parses it, labelled for the failure message. */
function sources(testCase: Case): Array<[string, () => unknown]> {
  const modules = (testCase.modules ?? []).map((text, i): [string, () => unknown] => [
    `module ${i}`,
    () => parseModule(text, `test-${i}.rego`),
  ]);
  const query: [string, () => unknown] = ['query', () => parseQuery(testCase.query)];
  const input = testCase.input_term;
  const term: Array<[string, () => unknown]> =
    input === undefined ? [] : [['input_term', () => parseTerm(input)]];
  return [...modules, query, ...term];
}

function failures(testCase: Case): string[] {
  return sources(testCase).flatMap(([label, run]) => {
    try {
      run();
      return [];
    } catch (error) {
      return [`${testCase.note} (${label}): ${String(error)}`];
    }
  });
}

const files = caseFiles(ROOT);

describe('parsing the OPA conformance cases', () => {
  it('finds the case files', () => {
    expect(files.length).toBeGreaterThanOrEqual(400);
  });

  // No case in this set expects a parse error (want_error_code is always an eval_* code),
  // so every module, query and input_term must parse.
  it.each(files.map((file) => [file.slice(ROOT.length + 1), file]))('%s', (_name, file) => {
    const { cases } = parse(readFileSync(file, 'utf8')) as { cases: Case[] };
    const parseErrorCases = cases.filter((c) => c.want_error_code === 'rego_parse_error');
    expect(parseErrorCases).toEqual([]);
    expect(cases.flatMap(failures)).toEqual([]);
  });
});
