import { ConfigError } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { parseValidatorConfig, resolveConfig } from './config.js';
import { allRules } from './rules/index.js';
import { createValidator, validate } from './validator.js';

describe('validate', () => {
  it('returns ok with no findings for harmless code', () => {
    const result = validate('export default (input) => input.items.map((x) => x * 2);');
    expect(result).toMatchObject({ ok: true, parsed: true, findings: [], language: 'javascript' });
  });

  it('reports rule findings with positions, sorted, and is not ok at error level', () => {
    const result = validate('const a = 1;\nconst k = process.env.KEY;');
    expect(result.ok).toBe(false);
    expect(result.findings[0]).toMatchObject({ ruleId: 'no-process-env', start: { line: 2 } });
  });

  it('infers the language from the file name and stamps the file on findings', () => {
    const result = validate('const k: string = process.env.K!;', { filename: 'src/a.ts' });
    expect(result.language).toBe('typescript');
    expect(result.findings[0]?.file).toBe('src/a.ts');
  });

  it('stops at a limit without parsing', () => {
    const validator = createValidator({ limits: { maxBytes: 10 } });
    const result = validator.validate('process.env.A + process.env.B');
    expect(result.parsed).toBe(false);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['max-size']);
  });

  it('turns a rule off or down by configuration', () => {
    const off = createValidator({ rules: { 'no-process-env': 'off' } });
    expect(off.validate('process.env.A').findings).toEqual([]);
    const warn = createValidator({ rules: { 'no-process-env': { severity: 'warning' } } });
    const result = warn.validate('process.env.A');
    expect(result.findings[0]?.severity).toBe('warning');
    expect(result.ok).toBe(true);
  });

  it('survives a rule that throws and says which rule failed', () => {
    const broken = {
      meta: { id: 'broken', severity: 'error', category: 'input', description: 'x' },
      create: () => ({
        Identifier: () => {
          throw new Error('boom');
        },
      }),
    } as const;
    const validator = createValidator({}, [broken, ...allRules]);
    const result = validator.validate('const k = process.env.K;');
    const failures = result.findings.filter((f) => f.ruleId === 'rule-failure');
    // One finding per failing rule, however many nodes it failed on.
    expect(failures.map((f) => f.message)).toEqual(['Rule broken failed: boom']);
    // The other rules still ran.
    expect(result.findings.some((f) => f.ruleId === 'no-process-env')).toBe(true);
  });
});

describe('configuration', () => {
  it('refuses an unknown rule id, naming it', () => {
    expect(() => resolveConfig(allRules, { rules: { 'no-such-rule': 'error' } })).toThrow(
      /rules\.no-such-rule: there is no rule named "no-such-rule"/,
    );
  });

  it('refuses a bad level, naming the key', () => {
    const read = () => parseValidatorConfig({ rules: { 'no-process-env': 'loud' } });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/^rules\.no-process-env: expected "off", "warning", "error"/);
  });

  it('refuses an option the rule does not declare, naming the key and the options it takes', () => {
    const misspelt = { rules: { 'no-unknown-packages': { options: { alow: ['zod'] } } } };
    expect(() => createValidator(misspelt)).toThrow(ConfigError);
    expect(() => createValidator(misspelt)).toThrow(
      /^rules\.no-unknown-packages\.options\.alow: no-unknown-packages has no option named "alow"/,
    );
    const none = { rules: { 'no-eval': { options: { strict: true } } } };
    expect(() => createValidator(none)).toThrow(/rules\.no-eval\.options\.strict/);
  });

  it('refuses an option value of the wrong kind, saying what was expected', () => {
    const notList = { rules: { 'no-unknown-packages': { options: { allow: 'zod' } } } };
    expect(() => createValidator(notList)).toThrow(/expected a list of strings, got "zod"/);
    const negative = { rules: { 'no-giant-allocation': { options: { maxElements: -5 } } } };
    expect(() => createValidator(negative)).toThrow(
      /^rules\.no-giant-allocation\.options\.maxElements: expected a number greater than 0/,
    );
  });

  it('accepts declared options of the right kind', () => {
    const validator = createValidator({
      rules: { 'no-unknown-packages': { severity: 'error', options: { allow: ['zod'] } } },
    });
    expect(validator.validate("import { z } from 'zod';").ok).toBe(true);
    expect(validator.validate("import x from 'zod-turbo';").ok).toBe(false);
  });

  it('names an unknown key and the keys its object takes', () => {
    expect(() => parseValidatorConfig({ rulez: {} })).toThrow(
      /^rulez: unknown key; expected rules and limits$/,
    );
    expect(() => parseValidatorConfig({ limits: { maxByte: 10 } })).toThrow(
      /^limits\.maxByte: unknown key; expected maxBytes and maxLines$/,
    );
  });

  // Boundary: 0 and fractions are refused as well as negatives and strings.
  it('says what a limit takes and what it got', () => {
    for (const bad of [0, -1, 1.5, 'many']) {
      expect(() => parseValidatorConfig({ limits: { maxLines: bad } })).toThrow(
        `limits.maxLines: expected a whole number above 0, got ${JSON.stringify(bad)}`,
      );
    }
  });

  it('refuses unknown keys and bad limits', () => {
    expect(() => parseValidatorConfig({ rulez: {} })).toThrow(ConfigError);
    expect(() => parseValidatorConfig({ limits: { maxBytes: -1 } })).toThrow(/limits\.maxBytes/);
  });
});
