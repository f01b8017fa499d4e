import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fromJSON } from '../value.js';
import type { Value } from '../value.js';
import { builtinErrorOf, call, obj, show } from './test-support.js';

interface PatchCase {
  comment?: string;
  doc: unknown;
  patch: unknown[];
  expected?: unknown;
  error?: string;
  opa_disabled?: boolean;
}

/** The RFC 6902 suite that OPA's conformance case embeds as Rego literals (JSON-compatible). */
function suite(): PatchCase[] {
  const file = resolve(
    import.meta.dirname,
    '../../../../../../shared/conformance/rego/jsonpatch/json-patch-tests.yaml',
  );
  const yaml = parse(readFileSync(file, 'utf8')) as { cases: { modules: string[] }[] };
  const modules = yaml.cases[0]?.modules.slice(1) ?? [];
  return modules.flatMap((module) => {
    const literal = module.slice(module.indexOf('cases := ') + 'cases := '.length);
    return JSON.parse(literal.replace(/,(\s*[\]}])/g, '$1')) as PatchCase[];
  });
}

describe('json.patch against the RFC 6902 suite', () => {
  const cases = suite().filter((c) => !c.opa_disabled);
  it('has the suite', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases.map((c, i) => [c.comment ?? `case ${i}`, c] as const))('%s', (_, c) => {
    const result = call('json.patch', fromJSON(c.doc), fromJSON(c.patch));
    if (c.error !== undefined) expect(result).toBeUndefined();
    else if (c.expected !== undefined) expect(show(result)).toBe(show(fromJSON(c.expected)));
    else expect(result).toBeDefined();
  });
});

describe('json.patch', () => {
  const table: [string, Value, Value, Value | undefined][] = [
    [
      'add to a set-free document',
      obj({ a: 1 }),
      fromJSON([{ op: 'add', path: '/b', value: 2 }]),
      obj({ a: 1, b: 2 }),
    ],
    // boundary: a path that is not a pointer makes the result undefined
    [
      'add to a bad path',
      [1, 2, 3],
      fromJSON([{ op: 'add', path: '1.2', value: 'foo' }]),
      undefined,
    ],
    ['replace the root', 'foo', fromJSON([{ op: 'replace', path: '', value: 'bar' }]), 'bar'],
    ['empty patch list', obj({ a: 1 }), [], obj({ a: 1 })],
  ];
  it.each(table)('%s', (_, doc, patch, expected) => {
    expect(show(call('json.patch', doc, patch))).toBe(show(expected));
  });

  it('needs an array of patches', () => {
    const error = builtinErrorOf(() => call('json.patch', obj({}), obj({})));
    expect(error.message).toBe('json.patch: operand 2 must be array but got object');
  });
});
