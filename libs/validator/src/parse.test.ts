import { describe, expect, it } from 'vitest';
import { languageOfFile, parseSource } from './parse.js';

describe('parseSource', () => {
  it('parses a module with acorn', () => {
    const outcome = parseSource('import x from "y"; export default x;', 'javascript');
    expect('ast' in outcome && outcome.sourceType).toBe('module');
  });

  // `with` is a syntax error in modules, so the script grammar is tried next.
  it('falls back to a script', () => {
    const outcome = parseSource('with (obj) { a = 1; }', 'javascript');
    expect('ast' in outcome && outcome.sourceType).toBe('script');
  });

  it('reports a syntax error with line, column and a readable message', () => {
    const outcome = parseSource('const a = 1;\nconst = 2;', 'javascript');
    expect(outcome).toMatchObject({
      error: { ruleId: 'syntax-error', severity: 'error', start: { line: 2, column: 7 } },
    });
    expect('error' in outcome && outcome.error.message).toMatch(/^Syntax error: Unexpected token/);
  });

  it('parses TypeScript into ESTree nodes', () => {
    const outcome = parseSource('const n: number = 1; type T = { a: string };', 'typescript');
    if (!('ast' in outcome)) throw new Error('expected a tree');
    const declaration = (outcome.ast.body as Array<{ declarations?: Array<{ init: unknown }> }>)[0];
    expect(declaration?.declarations?.[0]?.init).toMatchObject({ type: 'Literal', value: 1 });
  });

  it('parses JSX and TSX', () => {
    expect('ast' in parseSource('const a = <div>{x}</div>;', 'jsx')).toBe(true);
    expect('ast' in parseSource('const a = <T,>(x: T) => <b>{x}</b>;', 'tsx')).toBe(true);
  });

  it('reports TypeScript syntax errors with a position', () => {
    const outcome = parseSource('let x: = 1;', 'typescript');
    expect(outcome).toMatchObject({ error: { ruleId: 'syntax-error', start: { line: 1 } } });
  });

  // JSX is not JavaScript: a .js file with JSX needs the jsx language.
  it('does not accept JSX as plain JavaScript', () => {
    expect('error' in parseSource('const a = <div/>;', 'javascript')).toBe(true);
  });
});

describe('languageOfFile', () => {
  it.each([
    ['a.ts', 'typescript'],
    ['a.mts', 'typescript'],
    ['a.tsx', 'tsx'],
    ['a.jsx', 'jsx'],
    ['a.mjs', 'javascript'],
    ['README', 'javascript'],
  ])('%s is %s', (file, language) => expect(languageOfFile(file)).toBe(language));
});

describe('hostile nesting', () => {
  const brackets = `${'a[b['.repeat(300)}'x'${']()]'.repeat(300)}`;
  const atDepth = (frames: number, run: () => unknown): unknown =>
    frames === 0 ? run() : atDepth(frames - 1, run);

  // Without the parser's depth bound, the call stack ran out inside V8's regular
  // expression compiler for some caller depths, which aborts the process; each caller
  // depth here moves where the stack would run out.
  it('refuses code nested deeper than the bound at any caller depth', () => {
    for (let frames = 0; frames < 24; frames += 1) {
      const outcome = atDepth(frames, () => parseSource(brackets, 'javascript'));
      expect(outcome).toMatchObject({
        error: {
          ruleId: 'syntax-error',
          message: 'Syntax error: code is nested more than 500 levels deep.',
        },
      });
    }
  });

  it('still parses code nested within the bound', () => {
    const code = `${'a[b['.repeat(100)}'x'${']()]'.repeat(100)}`;
    expect('ast' in parseSource(code, 'javascript')).toBe(true);
  });
});
