import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { UsageError } from '@airlock/core';
import {
  RObject,
  RegoError,
  compileModules,
  marshalJSON,
  parseQuery,
  type Bindings,
  type CompiledPolicy,
  type Expr,
  type Value,
} from '@airlock/policy';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { asUsageError, loadPolicyPaths } from './policy-test.js';

export interface PolicyEvalOptions {
  policy: string[];
  data: string[];
  input?: string;
}

/** The name a one-term query's value is bound to: one no query writes by accident. */
const valueVar = '__airlock_value__';
const evalBudget = { stepBudget: 10_000_000, timeBudgetMs: 10_000 };
const dataExtensions = new Set(['.json', '.yaml', '.yml']);

/** Repeated options accumulate; no default, so a missing required --policy is reported. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function readInput(path: string, io: CliIo): Promise<unknown> {
  let text: string;
  try {
    text =
      path === '-'
        ? Buffer.from(await io.readStdin()).toString('utf8')
        : readFileSync(resolve(io.cwd, path), 'utf8');
  } catch {
    throw new UsageError(`--input ${path}: no such file`, { hint: 'Give a JSON or YAML file.' });
  }
  try {
    return extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(`--input ${path}: not valid JSON or YAML`, { cause: error });
  }
}

/** `data.x` alone becomes `__airlock_value__ := data.x`, so its value can be printed. */
function asValueQuery(exprs: Expr[]): Expr[] | undefined {
  const [only] = exprs;
  if (exprs.length !== 1 || only?.kind !== 'term' || only.negated) return undefined;
  const left = { type: 'var' as const, name: valueVar, loc: only.loc };
  return [
    { kind: 'assign', left, right: only.term, negated: false, with: only.with, loc: only.loc },
  ];
}

type Answer = { value: Value } | { bindings: Bindings[] } | undefined;

function evaluate(policy: CompiledPolicy, query: string, options: object): Answer {
  const exprs = parseQuery(query);
  const valueQuery = asValueQuery(exprs);
  const rows = policy.evaluate(valueQuery ?? exprs, options);
  if (rows.length === 0) return undefined;
  const hasVariables = rows.some((row) => Object.keys(row).some((name) => name !== valueVar));
  if (valueQuery !== undefined && !hasVariables) return { value: rows[0]?.[valueVar] ?? null };
  if (!hasVariables) return { value: true };
  for (const row of rows) delete row[valueVar];
  return { bindings: rows };
}

/**
 * Runs `airlock policy eval`. A query that is one term prints that term's value; a query
 * with variables prints the list of its solutions, each an object of variable → value;
 * any other query that holds prints `true`. Undefined prints `undefined` on stderr.
 */
export async function runPolicyEval(
  query: string,
  options: PolicyEvalOptions,
  io: CliIo,
): Promise<ExitCode> {
  const badData = options.data.find((file) => !dataExtensions.has(extname(file)));
  if (badData !== undefined) {
    throw new UsageError(`--data ${badData}: not a JSON or YAML file`, {
      hint: 'Data files end in .json, .yaml or .yml.',
    });
  }
  const loaded = loadPolicyPaths([...options.policy, ...options.data], io);
  const input = options.input === undefined ? undefined : await readInput(options.input, io);

  let answer: Answer;
  try {
    const policy = compileModules([...loaded.modules, ...loaded.tests]);
    answer = evaluate(policy, query, { input, data: loaded.data, ...evalBudget });
  } catch (error) {
    if (error instanceof RegoError && error.code.startsWith('eval_')) {
      io.stderr.write(`airlock: ${error.message}\n`);
      return ExitCode.Findings;
    }
    throw asUsageError(error);
  }
  if (answer === undefined) {
    io.stderr.write('undefined\n');
    return ExitCode.Findings;
  }
  io.stdout.write(`${formatAnswer(answer)}\n`);
  return ExitCode.Ok;
}

/**
 * JSON as `opa eval` prints it: every digit of large integers and decimals, sets as
 * sorted arrays, object keys in sorted order (JavaScript objects would put "9" before "10").
 */
function formatAnswer(answer: { value: Value } | { bindings: Bindings[] }): string {
  const value =
    'value' in answer
      ? answer.value
      : answer.bindings.map((row) => RObject.fromEntries(Object.entries(row)));
  return marshalJSON(value, '  ');
}

/** Adds `airlock policy eval` to the `policy` command group. */
export function registerPolicyEval(
  group: Command,
  io: CliIo,
  done: (code: ExitCode) => void,
): void {
  group
    .command('eval')
    .description('Evaluate a Rego query against policies and data; print the result as JSON.')
    .argument('<query>', 'a Rego query, such as data.airlock.decision')
    .requiredOption('-p, --policy <path>', 'a Rego file or folder (repeat for more)', collect)
    .option('-d, --data <file>', 'a JSON or YAML data file (repeat for more)', collect, [])
    .option('-i, --input <file>', 'the input document, JSON or YAML; - reads standard input')
    .action(async (query: string, options: PolicyEvalOptions) =>
      done(await runPolicyEval(query, options, io)),
    );
}
