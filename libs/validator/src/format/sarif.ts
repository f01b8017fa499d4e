import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '@airlock/core';
import type { RuleMeta } from '../rule.js';
import { ruleCatalogue, type FileReport } from './report.js';

/** Where rule pages live; a rule's page is `<base><id>.md`. */
export const defaultRuleDocsUrl = 'https://github.com/airlock-dev/airlock/blob/main/docs/rules/';
export const airlockInformationUri = 'https://github.com/airlock-dev/airlock';
export const sarifSchemaUri =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export interface SarifFormatOptions {
  /** Artifact URIs are made relative to this folder (the repository root). Default: cwd. */
  rootDir?: string;
  /** Absolute URL of the folder holding the rule pages. Default `defaultRuleDocsUrl`. */
  ruleDocsUrl?: string;
  /** Reported as `tool.driver.version`. Default: the validator package's version. */
  toolVersion?: string;
}

/** GitHub ranks alerts tagged `security` by this 0–10 score: error → high, warning → medium. */
const securitySeverity: Record<Severity, string> = { error: '7.5', warning: '4.0' };

let validatorVersion: string | undefined;

function packageVersion(): string {
  if (validatorVersion !== undefined) return validatorVersion;
  try {
    const url = new URL('../../package.json', import.meta.url);
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
    validatorVersion = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    validatorVersion = '0.0.0';
  }
  return validatorVersion;
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function ruleDescriptor(meta: RuleMeta, docsUrl: string): Record<string, unknown> {
  const helpUri = `${docsUrl}${meta.id}.md`;
  const category = meta.category.replace(/-/g, ' ');
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: {
      text: `${meta.description} Category: ${category}. Default severity: ${meta.severity}.`,
    },
    help: {
      text: `${meta.description}\n\nWhat it flags, why it matters and how to fix it: ${helpUri}`,
      markdown: `**${meta.id}** (${category}): ${meta.description}\n\nSee [${meta.id}](${helpUri}) for what it flags, why it matters and how to fix it.`,
    },
    helpUri,
    defaultConfiguration: { level: meta.severity },
    properties: {
      category: meta.category,
      tags: ['security', meta.category],
      'security-severity': securitySeverity[meta.severity],
    },
  };
}

/**
 * A URI GitHub accepts: relative to the root, forward slashes, no `./`, each segment
 * percent-encoded. Labels such as `<stdin>` are encoded as they are; files outside the
 * root become absolute `file:` URIs, which code scanning ignores but SARIF allows.
 */
export function artifactUri(file: string, rootDir: string): string {
  if (/^<.*>$/.test(file)) return encodeURIComponent(file);
  const absolute = resolve(file);
  const rel = relative(rootDir, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return pathToFileURL(absolute).href;
  return rel.split(sep).join('/').split('/').map(encodeURIComponent).join('/');
}

function region(finding: Finding): Record<string, number> {
  if (!finding.start) return { startLine: 1 };
  const out: Record<string, number> = {
    startLine: finding.start.line,
    startColumn: finding.start.column,
  };
  if (finding.end) {
    out.endLine = finding.end.line;
    out.endColumn = finding.end.column;
  }
  return out;
}

function ensureTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** The catalogue, plus a bare descriptor for any id a finding carries that it lacks. */
function descriptorsFor(reports: readonly FileReport[]): RuleMeta[] {
  const catalogue = ruleCatalogue();
  const known = new Set(catalogue.map((meta) => meta.id));
  for (const { result } of reports) {
    for (const finding of result.findings) {
      if (known.has(finding.ruleId)) continue;
      known.add(finding.ruleId);
      catalogue.push({
        id: finding.ruleId,
        severity: finding.severity,
        category: 'input',
        description: `Findings reported as ${finding.ruleId}.`,
      });
    }
  }
  return catalogue;
}

function sarifResults(
  reports: readonly FileReport[],
  uris: string[],
  ruleIndex: Map<string, number>,
) {
  return reports.flatMap(({ result }, fileIndex) =>
    result.findings.map((finding) => ({
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId) as number,
      level: finding.severity,
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uris[fileIndex] as string, index: fileIndex },
            region: region(finding),
          },
        },
      ],
    })),
  );
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one run whose driver lists every rule and input
 * check (so an alert always has a description and a help page), one artifact per input,
 * and one result per finding with its region.
 */
export function toSarif(
  reports: readonly FileReport[],
  options: SarifFormatOptions = {},
): Record<string, unknown> {
  const rootDir = resolve(options.rootDir ?? process.cwd());
  const docsUrl = ensureTrailingSlash(options.ruleDocsUrl ?? defaultRuleDocsUrl);
  const descriptors = descriptorsFor(reports);
  const ruleIndex = new Map(descriptors.map((meta, i) => [meta.id, i]));
  const uris = reports.map((report) => artifactUri(report.file, rootDir));

  const driver = {
    name: 'airlock',
    informationUri: airlockInformationUri,
    version: options.toolVersion ?? packageVersion(),
    rules: descriptors.map((meta) => ruleDescriptor(meta, docsUrl)),
  };
  const artifacts = reports.map(({ result }, i) => ({
    location: { uri: uris[i] as string },
    length: result.bytes,
    sourceLanguage: result.language,
  }));
  const run = {
    tool: { driver },
    columnKind: 'utf16CodeUnits',
    artifacts,
    results: sarifResults(reports, uris, ruleIndex),
  };
  return { $schema: sarifSchemaUri, version: '2.1.0', runs: [run] };
}

export function formatSarif(reports: readonly FileReport[], options?: SarifFormatOptions): string {
  return `${JSON.stringify(toSarif(reports, options), null, 2)}\n`;
}
