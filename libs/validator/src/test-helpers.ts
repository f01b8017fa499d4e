import type { Language } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import type { Rule } from './rule.js';
import { createValidator } from './validator.js';

/** A snippet in a rule's table: plain code, or code with a language and rule options. */
export type Case =
  string | { code: string; language?: Language; options?: Record<string, unknown> };

export interface RuleTable {
  /** Code the rule must accept; look-alikes of the flagged forms belong here. */
  valid: Case[];
  /** Code the rule must flag at least once. */
  invalid: Case[];
}

function findingsOf(rule: Rule, testCase: Case) {
  const { code, language, options } = typeof testCase === 'string' ? { code: testCase } : testCase;
  const validator = createValidator({
    rules: { [rule.meta.id]: { severity: 'error', options: options ?? {} } },
  });
  const result = validator.validate(code, { language: language ?? 'javascript' });
  expect(result.parsed, `snippet must parse: ${code}`).toBe(true);
  return result.findings.filter((f) => f.ruleId === rule.meta.id);
}

/** Runs a rule's valid/invalid table as one test per snippet. */
export function testRule(rule: Rule, table: RuleTable): void {
  describe(rule.meta.id, () => {
    for (const testCase of table.valid) {
      const code = typeof testCase === 'string' ? testCase : testCase.code;
      it(`accepts: ${code}`, () => expect(findingsOf(rule, testCase)).toEqual([]));
    }
    for (const testCase of table.invalid) {
      const code = typeof testCase === 'string' ? testCase : testCase.code;
      it(`flags: ${code}`, () => {
        const findings = findingsOf(rule, testCase);
        expect(findings.length).toBeGreaterThan(0);
        expect(findings[0]?.start?.line).toBeGreaterThan(0);
      });
    }
  });
}
