import { describe, expect, it } from 'vitest';
import type { RuleLevel } from '../config.js';
import { allRules } from '../rules/index.js';
import { createValidator } from '../validator.js';
import { formatJson, toJsonReport, type JsonReport } from './json.js';
import type { FileReport } from './report.js';

function validatorWith(levels: Record<string, RuleLevel>) {
  const rules = Object.fromEntries(allRules.map((rule) => [rule.meta.id, 'off' as RuleLevel]));
  return createValidator({ rules: { ...rules, ...levels } });
}

const validator = validatorWith({ 'no-process-env': 'error' });

function report(file: string, source: string | Uint8Array): FileReport {
  return { file, result: validator.validate(source, { filename: file }) };
}

const reports: FileReport[] = [
  report(
    'tools/weather.ts',
    [
      "import { z } from 'zod';",
      'export default async (input: unknown, env: any) => {',
      "  const res = await env.fetch('https://api.weather.example/v1?key=' + process.env.KEY);",
      '  return z.object({}).parse(await res.json());',
      '};',
    ].join('\n'),
  ),
  report('tools/clean.js', 'export const double = (n) => n * 2;\n'),
  report('tools/broken.js', new Uint8Array([0xc3, 0x28])),
];

describe('formatJson', () => {
  const text = formatJson(reports);
  const parsed = JSON.parse(text) as JsonReport;

  it('is indented JSON ending with a newline, with a fixed top-level key order', () => {
    expect(text.startsWith('{\n  "version": 1,\n  "summary": {')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(parsed)).toEqual(['version', 'summary', 'files']);
  });

  it('counts problems, errors, warnings and files', () => {
    expect(parsed.summary).toEqual({
      files: 3,
      filesWithProblems: 2,
      problems: 2,
      errors: 2,
      warnings: 0,
    });
  });

  it('lists every file, clean ones too, in the order given', () => {
    expect(parsed.files.map((f) => f.file)).toEqual([
      'tools/weather.ts',
      'tools/clean.js',
      'tools/broken.js',
    ]);
    expect(parsed.files[1]).toMatchObject({ ok: true, parsed: true, errors: 0, findings: [] });
  });

  it('gives each finding its rule, severity, message and start and end positions', () => {
    const weather = parsed.files[0];
    expect(weather).toMatchObject({ language: 'typescript', ok: false, parsed: true, lines: 5 });
    expect(weather?.findings).toHaveLength(1);
    expect(weather?.findings[0]).toMatchObject({
      ruleId: 'no-process-env',
      severity: 'error',
      start: { line: 3, column: 71 },
      end: { line: 3, column: 82 },
    });
    expect(Object.keys(weather?.findings[0] ?? {})).toEqual([
      'ruleId',
      'severity',
      'message',
      'start',
      'end',
    ]);
  });

  it('reports what the code needs', () => {
    expect(parsed.files[0]?.needs).toEqual({
      modules: ['zod'],
      hosts: ['api.weather.example'],
      capabilities: ['fetch'],
    });
  });

  it('leaves out positions for whole-input findings', () => {
    const broken = parsed.files[2];
    expect(broken).toMatchObject({ parsed: false, bytes: 2, errors: 1 });
    expect(broken?.findings[0]).toEqual({
      ruleId: 'invalid-utf8',
      severity: 'error',
      message: expect.stringContaining('UTF-8'),
    });
  });

  it('does not share arrays with the validation results', () => {
    const object = toJsonReport(reports);
    object.files[0]?.needs.modules.push('mutated');
    expect(reports[0]?.result.needs.modules).toEqual(['zod']);
  });
});
