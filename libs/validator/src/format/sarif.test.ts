import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RuleLevel } from '../config.js';
import { inputChecks } from '../input-checks.js';
import { allRules } from '../rules/index.js';
import { createValidator } from '../validator.js';
import type { FileReport } from './report.js';
import { artifactUri, defaultRuleDocsUrl, formatSarif, toSarif } from './sarif.js';

/**
 * The official OASIS SARIF 2.1.0 schema (errata 01), shipped unchanged. It is written in
 * JSON Schema draft-04, which Ajv 8 no longer ships; every keyword it uses means the same
 * in draft-07, so it is compiled with the draft-07 build after renaming draft-04's `id`.
 */
const schemaText = readFileSync(
  new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url),
  'utf8',
);
const schema = JSON.parse(schemaText) as Record<string, unknown>;

/** Keywords whose meaning did not change between draft-04 and draft-07. */
const portableKeywords = new Set([
  ...['$schema', 'id', 'title', 'description', 'type', 'enum', 'default', 'format', 'pattern'],
  ...['properties', 'additionalProperties', 'required', 'definitions', '$ref'],
  ...['items', 'minItems', 'uniqueItems', 'minimum', 'maximum', 'anyOf', 'oneOf'],
]);

/** Keywords whose value is a schema or a list of schemas; the walk descends only into these. */
const schemaValued = new Set(['items', 'additionalProperties', 'anyOf', 'oneOf']);

function keywordsOf(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) keywordsOf(item, into);
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return into;
  for (const [key, value] of Object.entries(node)) {
    into.add(key);
    if (key === 'properties' || key === 'definitions') {
      for (const child of Object.values(value as object)) keywordsOf(child, into);
    } else if (schemaValued.has(key)) {
      keywordsOf(value, into);
    }
  }
  return into;
}

function compileSchema(): ValidateFunction {
  const body: Record<string, unknown> = { ...schema, $id: schema.id };
  delete body.id;
  delete body.$schema;
  // strictRequired is off: the schema's anyOf branches require properties declared beside them.
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  return ajv.compile(body);
}

function validatorWith(levels: Record<string, RuleLevel>) {
  const rules = Object.fromEntries(allRules.map((rule) => [rule.meta.id, 'off' as RuleLevel]));
  return createValidator({ rules: { ...rules, ...levels } });
}

const root = '/repo';
const errors = validatorWith({ 'no-process-env': 'error' });
const warnings = validatorWith({ 'no-process-env': 'warning' });

const reports: FileReport[] = [
  {
    file: join(root, 'src/agent tools/leak.js'),
    result: errors.validate('fetch(process.env.URL);'),
  },
  { file: join(root, 'src/soft.ts'), result: warnings.validate('process.env.X;') },
  { file: join(root, 'src/clean.js'), result: errors.validate('export default 1;') },
  { file: join(root, 'src/blob.js'), result: errors.validate(new Uint8Array([0xff])) },
  { file: '<stdin>', result: errors.validate('const = ;') },
];

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; index: number };
      region: Record<string, number>;
    };
  }>;
}

interface SarifRule {
  id: string;
  helpUri: string;
  defaultConfiguration: { level: string };
  [key: string]: unknown;
}

interface SarifRun {
  tool: { driver: { rules: SarifRule[]; [key: string]: unknown } };
  artifacts: Array<{ location: { uri: string } }>;
  results: SarifResult[];
}

interface Sarif {
  $schema: string;
  version: string;
  runs: SarifRun[];
}

describe('the shipped SARIF schema', () => {
  it('is the OASIS 2.1.0 errata 01 schema', () => {
    expect(schemaText).toHaveLength(112_768);
    expect(schema.id).toBe(
      'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    );
    expect(Object.keys(schema.definitions as object)).toHaveLength(52);
  });

  it('uses only keywords that mean the same in draft-07', () => {
    const unportable = [...keywordsOf(schema)].filter((k) => !portableKeywords.has(k));
    expect(unportable).toEqual([]);
  });
});

describe('formatSarif', () => {
  let validateSarif: ValidateFunction;
  beforeAll(() => {
    validateSarif = compileSchema();
  });

  const sarif = JSON.parse(formatSarif(reports, { rootDir: root, toolVersion: '9.9.9' })) as Sarif;
  const run = sarif.runs[0] as SarifRun;

  it('validates against the SARIF 2.1.0 schema', () => {
    const ok = validateSarif(sarif);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('is rejected by the schema when broken, so the check above can fail', () => {
    const broken = structuredClone(sarif);
    (broken.runs[0] as SarifRun).results[0]!.level = 'fatal';
    expect(validateSarif(broken)).toBe(false);
  });

  it('names the log and the tool', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/^https:\/\/.*sarif-schema-2\.1\.0\.json$/);
    expect(sarif.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({
      name: 'airlock',
      version: '9.9.9',
      informationUri: expect.stringMatching(/^https:\/\//),
    });
  });

  it('describes every rule and every input check', () => {
    const ids = run.tool.driver.rules.map((rule) => rule.id);
    for (const rule of allRules) expect(ids).toContain(rule.meta.id);
    for (const check of inputChecks) expect(ids).toContain(check.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives each rule a name, descriptions, help, a doc page, a level and security tags', () => {
    const rule = run.tool.driver.rules.find((r) => r.id === 'no-process-env');
    expect(rule).toMatchObject({
      name: 'NoProcessEnv',
      shortDescription: { text: expect.any(String) },
      fullDescription: { text: expect.stringContaining('host access') },
      help: { text: expect.any(String), markdown: expect.stringContaining('no-process-env.md') },
      helpUri: `${defaultRuleDocsUrl}no-process-env.md`,
      defaultConfiguration: { level: 'error' },
      properties: { category: 'host-access', tags: ['security', 'host-access'] },
    });
    const failure = run.tool.driver.rules.find((r) => r.id === 'rule-failure');
    expect(failure?.defaultConfiguration).toEqual({ level: 'warning' });
  });

  it('links results to their rule by index', () => {
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
    }
  });

  it('reports each finding with its level, message, relative uri and region', () => {
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['no-process-env', 'error'],
      ['no-process-env', 'warning'],
      ['invalid-utf8', 'error'],
      ['syntax-error', 'error'],
    ]);
    const first = run.results[0] as SarifResult;
    expect(first.message.text).toContain('process.env');
    expect(first.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'src/agent%20tools/leak.js', index: 0 },
      region: { startLine: 1, startColumn: 7, endLine: 1, endColumn: 18 },
    });
  });

  it('puts a finding without a position on line 1', () => {
    const blob = run.results[2] as SarifResult;
    expect(blob.locations[0]?.physicalLocation.region).toEqual({ startLine: 1 });
  });

  it('lists every input as an artifact, with uris GitHub accepts', () => {
    const uris = run.artifacts.map((a) => a.location.uri);
    expect(uris).toEqual([
      'src/agent%20tools/leak.js',
      'src/soft.ts',
      'src/clean.js',
      'src/blob.js',
      '%3Cstdin%3E',
    ]);
    for (const uri of uris) expect(uri).not.toMatch(/^\.\/|\\/);
  });

  it('takes another base for the rule pages', () => {
    const custom = toSarif(reports, { rootDir: root, ruleDocsUrl: 'https://docs.example/rules' });
    const rules = (custom.runs as SarifRun[])[0]?.tool.driver.rules ?? [];
    expect(rules[0]?.helpUri).toMatch(/^https:\/\/docs\.example\/rules\/[a-z0-9-]+\.md$/);
  });
});

describe('artifactUri', () => {
  it('makes paths relative to the root with forward slashes', () => {
    expect(artifactUri('/repo/a/b/c.ts', '/repo')).toBe('a/b/c.ts');
  });

  it('uses an absolute file URI for a file outside the root', () => {
    expect(artifactUri('/elsewhere/x.js', '/repo')).toBe('file:///elsewhere/x.js');
  });
});
