import { describe, expect, it } from 'vitest';
import type { RuleLevel } from '../config.js';
import { allRules } from '../rules/index.js';
import { createValidator } from '../validator.js';
import type { FileReport } from './report.js';
import { formatText, summaryLine } from './text.js';

/** A validator running only the named rules, so new rules elsewhere cannot change the output. */
function validatorWith(levels: Record<string, RuleLevel>) {
  const rules = Object.fromEntries(allRules.map((rule) => [rule.meta.id, 'off' as RuleLevel]));
  return createValidator({ rules: { ...rules, ...levels } });
}

const errors = validatorWith({ 'no-process-env': 'error' });
const warnings = validatorWith({ 'no-process-env': 'warning' });

function report(file: string, source: string | Uint8Array, warn = false): FileReport {
  const validator = warn ? warnings : errors;
  return { file, result: validator.validate(source, { filename: file }) };
}

const envMessage = errors.validate('process.env;').findings[0]?.message as string;

const reports: FileReport[] = [
  report('src/leak.js', 'const key = process.env.KEY;\nif (key) {\n  process.env.X;\n}\n'),
  report('src/clean.js', 'export const sum = (a, b) => a + b;\n'),
  report('src/soft.ts', 'const home: string = process.env.HOME ?? "";\n', true),
  report('src/binary.js', new Uint8Array([0x63, 0xff, 0xfe])),
];

describe('formatText', () => {
  const output = formatText(reports);
  const lines = output.split('\n');

  it('puts each file with findings under its own header, clean files omitted', () => {
    expect(lines[0]).toBe('src/leak.js');
    expect(output).not.toContain('src/clean.js');
    expect(output.indexOf('src/soft.ts')).toBeGreaterThan(output.indexOf('src/leak.js'));
  });

  it('aligns position, severity, message and rule id within a file', () => {
    expect(lines[1]).toBe(`  1:13  error    ${envMessage}  no-process-env`);
    expect(lines[2]).toBe(`  3:3   error    ${envMessage}  no-process-env`);
  });

  it('pads warnings to the width of "warning" and shows a dash for whole-input findings', () => {
    expect(output).toContain(`src/soft.ts\n  1:22  warning  ${envMessage}  no-process-env\n`);
    const binary = output.slice(output.indexOf('src/binary.js'));
    expect(binary.split('\n')[1]).toMatch(
      /^ {2}- {2}error {4}The input is not valid UTF-8.* {2}invalid-utf8$/,
    );
  });

  it('ends with a summary counting problems by severity and every file checked', () => {
    expect(lines.at(-2)).toBe('4 problems (3 errors, 1 warning) in 4 files');
    expect(output.endsWith('\n')).toBe(true);
  });

  it('prints only the summary when nothing was found', () => {
    expect(formatText([report('a.js', 'let a = 1;')])).toBe(
      '0 problems (0 errors, 0 warnings) in 1 file\n',
    );
  });

  it('writes no escape codes unless color is asked for', () => {
    expect(output).not.toContain('\u001b[');
    const colored = formatText(reports, { color: true });
    expect(colored).toContain('\u001b[4msrc/leak.js\u001b[24m');
    expect(colored).toContain('\u001b[31merror  \u001b[39m');
    expect(colored).toContain('\u001b[33mwarning\u001b[39m');
    expect(colored).toContain('\u001b[1m\u001b[31m4 problems');
  });

  it('keeps a multi-line message on one line', () => {
    const result = errors.validate('x;');
    result.findings.push({ ruleId: 'demo', severity: 'warning', message: 'first\n  second' });
    expect(formatText([{ file: 'm.js', result }])).toContain('  -  warning  first second  demo');
  });
});

describe('summaryLine', () => {
  it('uses the singular for one of each', () => {
    const line = summaryLine({
      files: 1,
      filesWithProblems: 1,
      problems: 2,
      errors: 1,
      warnings: 1,
    });
    expect(line).toBe('2 problems (1 error, 1 warning) in 1 file');
  });
});
