/**
 * Regenerates the conformance known-failures list from the current engine, keeping the
 * reasons already written: `npm run conformance -- --write-known-failures`, or
 * `node libs/policy/dist/conformance/write-known-failures.js [casesDir] [listFile]`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCases } from './cases.js';
import {
  caseKeys,
  compareWithKnown,
  defaultCasesDir,
  knownFailuresFile,
  nextKnownFailures,
  readKnownFailures,
  writeKnownFailures,
} from './known-failures.js';
import { runCase } from './run-case.js';

function main(): void {
  const dir = resolve(process.argv[2] ?? defaultCasesDir);
  const file = resolve(process.argv[3] ?? knownFailuresFile);
  const cases = loadCases(dir);
  const keys = caseKeys(cases);
  const results = cases.map((c, i) => ({ key: keys[i] ?? '', result: runCase(c) }));

  const known = existsSync(file) ? readKnownFailures(file) : {};
  const { newFailures, nowPassing, unknown } = compareWithKnown(results, known);
  const next = nextKnownFailures(results, known);
  writeKnownFailures(next, file);

  for (const [key, reason] of newFailures) console.log(`added   ${key}: ${reason}`);
  for (const key of [...nowPassing, ...unknown]) console.log(`removed ${key}`);
  console.log(`${Object.keys(next).length} known failures of ${cases.length} cases in ${file}`);
}

main();
