import { describe, expect, it } from 'vitest';
import { transpile } from './transpile.js';

describe('transpile', () => {
  it('passes JavaScript through untouched', () => {
    const code = 'export default () => 1;';
    expect(transpile(code, 'javascript', 'user-code.js')).toEqual({ ok: true, code });
  });

  it('removes types and keeps every line where it was', () => {
    const code = [
      'import type { Row } from "./rows";',
      'interface Box { n: number }',
      'export default (input: Box): number => {',
      '  return input.n as number;',
      '};',
    ].join('\n');
    const result = transpile(code, 'typescript', 'user-code.ts');
    if (!result.ok) throw new Error(result.error.message);
    const lines = result.code.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toContain('export default (input) =>');
    expect(lines[3]).toMatch(/^\s*return input\.n\s*;$/);
    expect(result.code).not.toContain('import');
  });

  it('reports a syntax error with the file, line and column', () => {
    const result = transpile('const a: number = 1;\nconst b = (;', 'typescript', 'user-code.ts');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.name).toBe('SyntaxError');
    expect(result.error.message).toMatch(/\[user-code\.ts:2:\d+\]$/);
  });
});
