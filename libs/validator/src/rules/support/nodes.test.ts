import { describe, expect, it } from 'vitest';
import type { Node } from '../../ast.js';
import { parseSource } from '../../parse.js';
import { mergeVisitors, walk } from '../../walk.js';
import { globalName, isReference, unwrap } from './nodes.js';
import { isStringLike } from './string-like.js';

function expressionOf(code: string, language: 'javascript' | 'typescript' = 'javascript'): Node {
  const outcome = parseSource(code, language);
  if ('error' in outcome) throw new Error(outcome.error.message);
  const statement = (outcome.ast.body as Node[])[0] as Node;
  return statement.expression as Node;
}

/** Every identifier named `name` in `code`, with `parent` set, and whether it is a reference. */
function referencesTo(
  name: string,
  code: string,
  language: 'javascript' | 'typescript' = 'javascript',
) {
  const outcome = parseSource(code, language);
  if ('error' in outcome) throw new Error(outcome.error.message);
  const found: boolean[] = [];
  const visit = (node: Node) => {
    if (node.name === name) found.push(isReference(node));
  };
  walk(outcome.ast, mergeVisitors([{ Identifier: visit }]), ({ error }) => {
    throw error;
  });
  return found;
}

describe('unwrap', () => {
  it('sees through parentheses, commas and TypeScript casts', () => {
    expect(unwrap(expressionOf('(0, eval)')).name).toBe('eval');
    expect(unwrap(expressionOf('(x as any)!', 'typescript')).name).toBe('x');
  });
});

describe('globalName', () => {
  it('names globals reached directly or through the global object', () => {
    expect(globalName(expressionOf('eval'))).toBe('eval');
    expect(globalName(expressionOf("window['Function']"))).toBe('Function');
    expect(globalName(expressionOf('self.globalThis.setTimeout'))).toBe('setTimeout');
  });

  it('does not take properties of other objects for globals', () => {
    expect(globalName(expressionOf('obj.eval'))).toBeUndefined();
    // A computed key that is not a constant says nothing about which global it is.
    expect(globalName(expressionOf('window[name]'))).toBeUndefined();
  });
});

describe('isReference', () => {
  it('counts reads and calls, and shorthand properties (which read the variable)', () => {
    expect(referencesTo('eval', 'eval(x); f(eval); ({ eval });')).toEqual([
      true,
      true,
      false,
      true,
    ]);
  });

  it('skips property names, keys, labels and type positions', () => {
    expect(referencesTo('eval', 'o.eval; ({ eval: 1 }); class A { eval() {} }')).toEqual([
      false,
      false,
      false,
    ]);
    expect(referencesTo('eval', 'let t: typeof eval;', 'typescript')).toEqual([false]);
  });
});

describe('isStringLike', () => {
  it('recognises strings by their shape', () => {
    for (const code of ["'a'", '`a${b}`', "x + ''", "c ? 'a' : b", 'String(x)', "p.join('')"]) {
      expect(isStringLike(expressionOf(code)), code).toBe(true);
    }
  });

  it('does not take functions, numbers or unknown values for strings', () => {
    for (const code of ['() => 1', 'fn', '1 + 2', 'obj.method', 'make()']) {
      expect(isStringLike(expressionOf(code)), code).toBe(false);
    }
  });
});
