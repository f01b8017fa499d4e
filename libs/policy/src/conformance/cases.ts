/** Loading OPA's conformance cases: one YAML file per case group, a folder per category. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ConformanceCase {
  category: string;
  file: string;
  note: string;
  query: string;
  modules: string[];
  data?: unknown;
  input?: unknown;
  inputTerm?: string;
  wantResult?: Array<Record<string, unknown>>;
  wantDefined?: boolean;
  wantError?: string;
  wantErrorCode?: string;
  strictError: boolean;
  sortBindings: boolean;
}

interface RawCase {
  note?: string;
  query?: string;
  modules?: string[];
  data?: unknown;
  input?: unknown;
  input_term?: string;
  want_result?: Array<Record<string, unknown>>;
  want_defined?: boolean;
  want_error?: string;
  want_error_code?: string;
  strict_error?: boolean;
  sort_bindings?: boolean;
}

function toCase(category: string, file: string, raw: RawCase): ConformanceCase {
  return {
    category,
    file,
    note: raw.note ?? '',
    query: raw.query ?? '',
    modules: raw.modules ?? [],
    data: raw.data,
    input: raw.input,
    inputTerm: raw.input_term,
    wantResult: raw.want_result,
    wantDefined: raw.want_defined,
    wantError: raw.want_error,
    wantErrorCode: raw.want_error_code,
    strictError: raw.strict_error === true,
    sortBindings: raw.sort_bindings === true,
  };
}

/** Every case under `dir`, categories and files in name order. */
export function loadCases(dir: string): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const categories = readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
  for (const category of categories) {
    const files = readdirSync(join(dir, category))
      .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
      .sort();
    for (const file of files) {
      // Integers beyond 2^53 stay exact as bigint; the value model normalises the rest.
      const doc = parse(readFileSync(join(dir, category, file), 'utf8'), { intAsBigInt: true }) as {
        cases?: RawCase[];
      };
      for (const raw of doc.cases ?? []) cases.push(toCase(category, `${category}/${file}`, raw));
    }
  }
  return cases;
}
