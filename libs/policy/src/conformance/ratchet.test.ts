import { describe, expect, it } from 'vitest';
import { loadCases } from './cases.js';
import {
  caseKeys,
  compareWithKnown,
  defaultCasesDir,
  nextKnownFailures,
  oneLine,
  readKnownFailures,
} from './known-failures.js';
import type { ConformanceCase } from './cases.js';
import { runCase } from './run-case.js';

const fix =
  'After a deliberate change, run `npm run conformance -- --write-known-failures` ' +
  'and review the diff of libs/policy/conformance/known-failures.json.';

describe('the conformance ratchet', () => {
  const cases = loadCases(defaultCasesDir);
  const keys = caseKeys(cases);
  const results = cases.map((c, i) => ({ key: keys[i] ?? '', result: runCase(c) }));
  const report = compareWithKnown(results, readKnownFailures());

  it('has every case, each with a key of its own', () => {
    expect(cases.length).toBeGreaterThan(800);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it(`fails no case that known-failures.json does not list. ${fix}`, () => {
    expect(report.newFailures).toEqual([]);
  });

  it(`lists no case that passes or no longer exists. ${fix}`, () => {
    expect([...report.nowPassing, ...report.unknown]).toEqual([]);
  });
});

describe('known-failures helpers', () => {
  const make = (file: string, note: string) => ({ file, note }) as ConformanceCase;

  it('keys a case by file and note, adding the index in its file when the note repeats', () => {
    const cases = [
      make('a.yaml', 'x'),
      make('a.yaml', 'y'),
      make('a.yaml', 'y'),
      make('b.yaml', 'y'),
    ];
    expect(caseKeys(cases)).toEqual(['a.yaml#x', 'a.yaml#y#1', 'a.yaml#y#2', 'b.yaml#y']);
  });

  it.each([
    [
      'error: test-0.rego:4:2: rego_compile_error: undefined function f',
      'rego_compile_error: undefined function f',
    ],
    ['want ["x=1"]\ngot ["x=2"]', 'want ["x=1"] got ["x=2"]'],
    // Boundary: longer than 160 characters is cut, with an ellipsis.
    ['a'.repeat(200), `${'a'.repeat(157)}...`],
  ])('shortens %j to one line', (reason, want) => expect(oneLine(reason)).toBe(want));

  it('keeps hand-written reasons, adds new failures and drops passing cases', () => {
    const result = (pass: boolean, reason?: string) => ({
      category: 'c',
      file: 'f',
      note: 'n',
      pass,
      reason,
    });
    const results = [
      { key: 'kept', result: result(false, 'error: now different') },
      { key: 'added', result: result(false, 'error: new') },
      { key: 'fixed', result: result(true) },
    ];
    const known = { kept: 'the reason a person wrote', fixed: 'was broken' };
    expect(nextKnownFailures(results, known)).toEqual({
      kept: 'the reason a person wrote',
      added: 'new',
    });
    expect(compareWithKnown(results, { ...known, gone: 'x' })).toEqual({
      newFailures: [['added', 'new']],
      nowPassing: ['fixed'],
      unknown: ['gone'],
    });
  });
});
