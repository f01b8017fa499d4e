import type { Finding, Severity } from '@airlock/core';
import { plural, positionLabel, summarize, type FileReport, type ReportSummary } from './report.js';

export interface TextFormatOptions {
  /** Colour severities and headers with ANSI escapes. Default false. */
  color?: boolean;
}

type Paint = (text: string) => string;

interface Palette {
  header: Paint;
  severity: Record<Severity, Paint>;
  rule: Paint;
  summary: (summary: ReportSummary) => Paint;
}

const ansi =
  (open: number, close: number): Paint =>
  (text) =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const plain: Paint = (text) => text;

function palette(color: boolean): Palette {
  if (!color) {
    return {
      header: plain,
      severity: { error: plain, warning: plain },
      rule: plain,
      summary: () => plain,
    };
  }
  const bold = ansi(1, 22);
  const red = ansi(31, 39);
  const yellow = ansi(33, 39);
  const green = ansi(32, 39);
  return {
    header: ansi(4, 24),
    severity: { error: red, warning: yellow },
    rule: ansi(2, 22),
    summary: (s) => (text) => bold((s.errors > 0 ? red : s.warnings > 0 ? yellow : green)(text)),
  };
}

/** Messages are one line in the table; a newline in one would break the columns. */
function oneLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, ' ');
}

function formatGroup(report: FileReport, paint: Palette): string[] {
  const findings = report.result.findings;
  const positions = findings.map(positionLabel);
  const messages = findings.map((f) => oneLine(f.message));
  const positionWidth = Math.max(...positions.map((p) => p.length));
  const messageWidth = Math.max(...messages.map((m) => m.length));
  const severityWidth = 'warning'.length;

  const lines = [paint.header(report.file)];
  findings.forEach((finding: Finding, i) => {
    const position = (positions[i] as string).padEnd(positionWidth);
    const severity = paint.severity[finding.severity](finding.severity.padEnd(severityWidth));
    const message = (messages[i] as string).padEnd(messageWidth);
    lines.push(`  ${position}  ${severity}  ${message}  ${paint.rule(finding.ruleId)}`);
  });
  return lines;
}

/** `3 problems (2 errors, 1 warning) in 5 files`, where files counts every input checked. */
export function summaryLine(summary: ReportSummary): string {
  const counts = `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`;
  return `${plural(summary.problems, 'problem')} (${counts}) in ${plural(summary.files, 'file')}`;
}

/**
 * A terminal report: each file with findings under its own header, one aligned line per
 * finding (`line:col  severity  message  rule-id`), then a summary line. Clean files are
 * not listed; they are counted in the summary.
 */
export function formatText(
  reports: readonly FileReport[],
  options: TextFormatOptions = {},
): string {
  const paint = palette(options.color ?? false);
  const blocks: string[] = [];
  for (const report of reports) {
    if (report.result.findings.length === 0) continue;
    blocks.push(formatGroup(report, paint).join('\n'));
  }
  const summary = summarize(reports);
  blocks.push(paint.summary(summary)(summaryLine(summary)));
  return `${blocks.join('\n\n')}\n`;
}
