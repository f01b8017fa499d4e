import type { Finding, Language, SourcePosition } from '@airlock/core';
import type { CodeNeeds } from '../needs.js';
import { summarize, type FileReport, type ReportSummary } from './report.js';

/** Bumped only when a field is removed or changes meaning; new fields keep the number. */
export const jsonReportVersion = 1;

export interface JsonFinding {
  ruleId: string;
  severity: Finding['severity'];
  message: string;
  /** Absent for findings about the whole input (size, encoding). */
  start?: SourcePosition;
  end?: SourcePosition;
}

export interface JsonFileReport {
  file: string;
  language: Language;
  ok: boolean;
  parsed: boolean;
  bytes: number;
  lines: number;
  errors: number;
  warnings: number;
  findings: JsonFinding[];
  needs: CodeNeeds;
}

export interface JsonReport {
  version: typeof jsonReportVersion;
  summary: ReportSummary;
  files: JsonFileReport[];
}

function toJsonFinding(finding: Finding): JsonFinding {
  const out: JsonFinding = {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
  };
  if (finding.start) out.start = { line: finding.start.line, column: finding.start.column };
  if (finding.end) out.end = { line: finding.end.line, column: finding.end.column };
  return out;
}

function toJsonFile({ file, result }: FileReport): JsonFileReport {
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  return {
    file,
    language: result.language,
    ok: result.ok,
    parsed: result.parsed,
    bytes: result.bytes,
    lines: result.lines,
    errors,
    warnings: result.findings.length - errors,
    findings: result.findings.map(toJsonFinding),
    needs: {
      modules: [...result.needs.modules],
      hosts: [...result.needs.hosts],
      capabilities: [...result.needs.capabilities],
    },
  };
}

/** The report as a plain object, with a fixed key order, in the order the files came. */
export function toJsonReport(reports: readonly FileReport[]): JsonReport {
  return {
    version: jsonReportVersion,
    summary: summarize(reports),
    files: reports.map(toJsonFile),
  };
}

/** Machine-readable report: every file (clean ones too), findings, needs and counts. */
export function formatJson(reports: readonly FileReport[]): string {
  return `${JSON.stringify(toJsonReport(reports), null, 2)}\n`;
}
