import type { Finding, Language, Severity } from '@airlock/core';
import type { Node } from './ast.js';
import { resolveConfig, type ResolvedConfig, type ValidatorConfig } from './config.js';
import { checkLimits } from './limits.js';
import { NeedsCollector, type CodeNeeds } from './needs.js';
import type { Rule } from './rule.js';
import { languageOfFile, parseSource } from './parse.js';
import { LineIndex } from './positions.js';
import { allRules } from './rules/index.js';
import { mergeVisitors, walk } from './walk.js';

export interface ValidateOptions {
  /** The source language; inferred from `filename`, else JavaScript. */
  language?: Language;
  /** Shown in findings and used to infer the language. */
  filename?: string;
}

export interface ValidationResult {
  language: Language;
  /** Sorted by position; limit findings (no position) first. */
  findings: Finding[];
  needs: CodeNeeds;
  /** Whether the code was parsed (false after a limit stopped it or a syntax error). */
  parsed: boolean;
  /** True when no finding is at error level. */
  ok: boolean;
  bytes: number;
  lines: number;
}

export interface Validator {
  readonly config: ResolvedConfig;
  validate(source: string | Uint8Array, options?: ValidateOptions): ValidationResult;
}

const emptyNeeds: CodeNeeds = { modules: [], hosts: [], capabilities: [] };

function byPosition(a: Finding, b: Finding): number {
  const lineA = a.start?.line ?? 0;
  const lineB = b.start?.line ?? 0;
  if (lineA !== lineB) return lineA - lineB;
  return (a.start?.column ?? 0) - (b.start?.column ?? 0);
}

function locate(node: Node, lines: LineIndex): Pick<Finding, 'start' | 'end'> {
  if (typeof node.start !== 'number' || typeof node.end !== 'number') return {};
  return { start: lines.position(node.start), end: lines.position(node.end) };
}

function runRules(
  ast: Node,
  lines: LineIndex,
  config: ResolvedConfig,
  needs: NeedsCollector,
): Finding[] {
  const findings: Finding[] = [];
  const visitorSets = [needs.visitors()];
  const owners = new Map<unknown, string>();

  for (const { rule, severity, options } of config.rules) {
    const report = (r: { node: Node; message: string }): void => {
      findings.push({
        ruleId: rule.meta.id,
        severity,
        message: r.message,
        ...locate(r.node, lines),
      });
    };
    const visitors = rule.create({ report, options });
    for (const handler of Object.values(visitors)) owners.set(handler, rule.meta.id);
    visitorSets.push(visitors);
  }

  const failed = new Set<string>();
  walk(ast, mergeVisitors(visitorSets), ({ error, handler }) => {
    const ruleId = owners.get(handler) ?? 'needs';
    if (failed.has(ruleId)) return;
    failed.add(ruleId);
    const severity: Severity = 'warning';
    const reason = error instanceof Error ? error.message : String(error);
    findings.push({
      ruleId: 'rule-failure',
      severity,
      message: `Rule ${ruleId} failed: ${reason}`,
    });
  });
  return findings;
}

/**
 * A validator with its configuration resolved once, for validating many inputs. `rules`
 * defaults to Airlock's own; a host may pass a longer list with rules of its own.
 */
export function createValidator(
  config: ValidatorConfig = {},
  rules: readonly Rule[] = allRules,
): Validator {
  const resolved = resolveConfig(rules, config);
  return {
    config: resolved,
    validate(source, options = {}) {
      const language = options.language ?? languageOfFile(options.filename ?? '');
      const limits = checkLimits(source, resolved.limits);
      const base = { language, bytes: limits.bytes, lines: limits.lines };
      const findings = [...limits.findings];
      let needs = emptyNeeds;
      let parsed = false;

      if (limits.text !== undefined) {
        const outcome = parseSource(limits.text, language);
        if ('error' in outcome) {
          findings.push(outcome.error);
        } else {
          const collector = new NeedsCollector();
          findings.push(...runRules(outcome.ast, new LineIndex(limits.text), resolved, collector));
          needs = collector.result();
          parsed = true;
        }
      }

      if (options.filename !== undefined) for (const f of findings) f.file = options.filename;
      findings.sort(byPosition);
      const ok = findings.every((f) => f.severity !== 'error');
      return { ...base, findings, needs, parsed, ok };
    },
  };
}

let defaultValidator: Validator | undefined;

/**
 * Validates one piece of code with the default rules: limits, parse, then one walk of
 * the tree running every rule. It never executes the code and never throws on any input.
 */
export function validate(source: string | Uint8Array, options?: ValidateOptions): ValidationResult {
  defaultValidator ??= createValidator();
  return defaultValidator.validate(source, options);
}
