import { describe, expect, it } from 'vitest';
import type { Language } from '@airlock/core';
import { parseSource } from '../../parse.js';
import { mergeVisitors, walk } from '../../walk.js';
import { moduleImportVisitors, withoutNodePrefix } from './module-imports.js';

function importsOf(code: string, language: Language = 'javascript'): string[] {
  const outcome = parseSource(code, language);
  if ('error' in outcome) throw new Error(outcome.error.message);
  const found: string[] = [];
  const visitors = moduleImportVisitors(({ specifier }) => found.push(specifier));
  walk(outcome.ast, mergeVisitors([visitors]), ({ error }) => {
    throw error;
  });
  return found;
}

describe('moduleImportVisitors', () => {
  it('finds every import form, in source order', () => {
    const code = [
      "import a from 'a';",
      "export { b } from 'b';",
      "export * from 'c';",
      "const d = await import('d');",
      "const e = require('e');",
      "module.require('f');",
      "process.mainModule.require('g');",
    ].join('\n');
    expect(importsOf(code)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('reports a specifier built from constants as what it folds to', () => {
    expect(importsOf("require('child_' + 'process'); import(`node:${'fs'}`);")).toEqual([
      'child_process',
      'node:fs',
    ]);
  });

  it('handles TypeScript import-equals and skips type-only imports', () => {
    const code =
      "import fs = require('fs'); import type { X } from 'x'; export type { Y } from 'y';";
    expect(importsOf(code, 'typescript')).toEqual(['fs']);
  });

  it('ignores strings that are not loaded, and specifiers it cannot know', () => {
    // require.resolve only finds a path; a computed specifier is no-dynamic-require's.
    expect(
      importsOf("const s = 'fs'; require.resolve('fs'); require(name); obj.require('x');"),
    ).toEqual([]);
  });
});

describe('withoutNodePrefix', () => {
  it('strips node: and leaves other specifiers alone', () => {
    expect(withoutNodePrefix('node:fs/promises')).toBe('fs/promises');
    expect(withoutNodePrefix('fs-extra')).toBe('fs-extra');
  });
});
