/**
 * The conformance runner: `node libs/policy/dist/conformance/run.js [casesDir] [resultsFile]`.
 * Prints a line per category and the total; writes every case's result as JSON.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCases } from './cases.js';
import { runCase } from './run-case.js';
import type { CaseResult } from './run-case.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

function percent(pass: number, total: number): string {
  return total === 0 ? '0.0' : ((100 * pass) / total).toFixed(1);
}

function summarise(results: CaseResult[]): string[] {
  const byCategory = new Map<string, { pass: number; total: number }>();
  for (const r of results) {
    const entry = byCategory.get(r.category) ?? { pass: 0, total: 0 };
    entry.total += 1;
    if (r.pass) entry.pass += 1;
    byCategory.set(r.category, entry);
  }
  const lines = [...byCategory].map(
    ([name, { pass, total }]) => `${name.padEnd(28)} ${pass}/${total}`,
  );
  const pass = results.filter((r) => r.pass).length;
  lines.push(
    `rego conformance: ${pass} of ${results.length} cases pass (${percent(pass, results.length)}%)`,
  );
  return lines;
}

function main(): void {
  const dir = resolve(process.argv[2] ?? resolve(repoRoot, '../shared/conformance/rego'));
  const out = resolve(process.argv[3] ?? resolve(repoRoot, 'libs/policy/conformance-results.json'));
  const results = loadCases(dir).map(runCase);
  for (const line of summarise(results)) console.log(line);
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
}

main();
