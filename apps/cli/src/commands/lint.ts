import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { languages, UsageError, type Language } from '@airlock/core';
import {
  createValidator,
  formatJson,
  formatSarif,
  formatText,
  summarize,
  summaryLine,
  type FileReport,
  type ValidationResult,
  type Validator,
  type ValidatorConfig,
} from '@airlock/validator';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { inFile, loadConfig } from '../config-file.js';
import { ExitCode } from '../exit-codes.js';
import { displayPath, expandInputs, type ExpandedInputs } from '../expand-inputs.js';
import type { CliIo } from '../io.js';
import { formatRuleList } from '../rule-list.js';
import { cliVersion } from '../version.js';

export const reportFormats = ['text', 'json', 'sarif'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export interface LintOptions {
  format: ReportFormat;
  output?: string;
  config?: string;
  maxWarnings?: number;
  language: Language;
  color?: boolean;
  listRules?: boolean;
}

/** One checked input: its absolute path (or `<stdin>`), the path shown, and the result. */
interface Checked {
  path: string;
  shown: string;
  result: ValidationResult;
}

const stdinName = '<stdin>';

function parseMaxWarnings(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgumentError('expected a whole number, 0 or more (for example 10).');
  }
  return Number(value);
}

function createConfiguredValidator(config: ValidatorConfig, source: string | undefined): Validator {
  try {
    return createValidator(config);
  } catch (error) {
    throw inFile(error, source);
  }
}

async function readSource(path: string, shown: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${shown}: cannot read the file (${reason})`, { cause: error });
  }
}

async function checkAll(
  inputs: ExpandedInputs,
  validator: Validator,
  options: LintOptions,
  io: CliIo,
): Promise<Checked[]> {
  const checked: Checked[] = [];
  for (const path of inputs.files) {
    const shown = displayPath(path, io.cwd);
    const result = validator.validate(await readSource(path, shown), { filename: shown });
    checked.push({ path, shown, result });
  }
  if (inputs.stdin) {
    const source = await io.readStdin();
    const result = validator.validate(source, { language: options.language, filename: stdinName });
    checked.push({ path: stdinName, shown: stdinName, result });
  }
  return checked;
}

function useColor(options: LintOptions, io: CliIo): boolean {
  if (options.color !== undefined) return options.color;
  return options.output === undefined && io.stdout.isTTY === true && !io.env.NO_COLOR;
}

function render(checked: Checked[], options: LintOptions, io: CliIo): string {
  const shownReports: FileReport[] = checked.map(({ shown, result }) => ({ file: shown, result }));
  if (options.format === 'json') return formatJson(shownReports);
  if (options.format === 'text') return formatText(shownReports, { color: useColor(options, io) });
  // SARIF locations are made relative to the working directory from absolute paths.
  const reports: FileReport[] = checked.map(({ path, result }) => ({ file: path, result }));
  return formatSarif(reports, { rootDir: io.cwd, toolVersion: cliVersion() });
}

async function writeReport(report: string, reports: FileReport[], options: LintOptions, io: CliIo) {
  if (options.output === undefined) {
    io.stdout.write(report);
    return;
  }
  const target = resolve(io.cwd, options.output);
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, report);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`--output ${options.output}: cannot write the report (${reason})`);
  }
  io.stdout.write(`Wrote ${options.output}: ${summaryLine(summarize(reports))}\n`);
}

function exitCodeFor(reports: FileReport[], options: LintOptions, io: CliIo): ExitCode {
  const summary = summarize(reports);
  if (summary.errors > 0) return ExitCode.Findings;
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
    io.stderr.write(
      `airlock: ${summary.warnings} warnings, more than --max-warnings ${options.maxWarnings} allows.\n`,
    );
    return ExitCode.Findings;
  }
  return ExitCode.Ok;
}

/** Runs `airlock lint` and resolves to its exit code; user errors are thrown as AirlockErrors. */
export async function runLint(args: string[], options: LintOptions, io: CliIo): Promise<ExitCode> {
  if (options.listRules) {
    io.stdout.write(formatRuleList(options.format === 'text' ? 'text' : 'json'));
    return ExitCode.Ok;
  }
  if (args.length === 0) {
    throw new UsageError('no files given', {
      hint: 'Usage: airlock lint <files, folders or globs...>; use - to read standard input.',
    });
  }

  const { config, source } = await loadConfig(options.config, io.cwd);
  const validator = createConfiguredValidator(config, source);
  const inputs = await expandInputs(args, io.cwd);
  const checked = await checkAll(inputs, validator, options, io);
  const reports = checked.map(({ shown, result }) => ({ file: shown, result }));

  await writeReport(render(checked, options, io), reports, options, io);
  return exitCodeFor(reports, options, io);
}

/** Adds `airlock lint` to the program; `done` receives the exit code when it finishes. */
export function registerLint(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  program
    .command('lint')
    .description('Check JavaScript and TypeScript for dangerous patterns, without running it.')
    .argument('[inputs...]', 'files, folders or globs; - reads standard input')
    .addOption(
      new Option('-f, --format <name>', 'report format').choices(reportFormats).default('text'),
    )
    .option('-o, --output <file>', 'write the report to this file instead of standard output')
    .option('-c, --config <file>', 'YAML or JSON config (default: ./airlock.lint.{yaml,yml,json})')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than n', parseMaxWarnings)
    .addOption(
      new Option('--language <name>', 'language of standard input')
        .choices(languages)
        .default('javascript'),
    )
    .option('--color', 'colour the text report (default: only on a terminal)')
    .option('--no-color', 'never colour the text report')
    .option('--list-rules', 'list every rule and input check, then exit')
    .action(async (args: string[], options: LintOptions) => done(await runLint(args, options, io)));
}
