import type { Finding } from '@airlock/core';
import { inputChecks } from '../input-checks.js';
import type { RuleMeta } from '../rule.js';
import { allRules } from '../rules/index.js';
import type { ValidationResult } from '../validator.js';

/** One validated input and what the validator said about it. */
export interface FileReport {
  /** The path as it should be shown: relative to the working directory, or `<stdin>`. */
  file: string;
  result: ValidationResult;
}

/** Counts over a set of reports; `files` counts every input checked, clean or not. */
export interface ReportSummary {
  files: number;
  filesWithProblems: number;
  problems: number;
  errors: number;
  warnings: number;
}

export function summarize(reports: readonly FileReport[]): ReportSummary {
  const summary: ReportSummary = {
    files: reports.length,
    filesWithProblems: 0,
    problems: 0,
    errors: 0,
    warnings: 0,
  };
  for (const { result } of reports) {
    if (result.findings.length > 0) summary.filesWithProblems += 1;
    for (const finding of result.findings) {
      summary.problems += 1;
      if (finding.severity === 'error') summary.errors += 1;
      else summary.warnings += 1;
    }
  }
  return summary;
}

/**
 * Every id a finding can carry: the rules, then the input checks. Read at call time, so
 * rules added to `allRules` appear in reports without touching the formatters.
 */
export function ruleCatalogue(): RuleMeta[] {
  const seen = new Set<string>();
  const catalogue: RuleMeta[] = [];
  for (const meta of [...allRules.map((rule) => rule.meta), ...inputChecks]) {
    if (seen.has(meta.id)) continue;
    seen.add(meta.id);
    catalogue.push(meta);
  }
  return catalogue;
}

/** `1 error`, `2 errors`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `line:column`, or `-` for a finding about the whole input. */
export function positionLabel(finding: Finding): string {
  if (!finding.start) return '-';
  return `${finding.start.line}:${finding.start.column}`;
}
