import { describe, expect, it } from 'vitest';
import type { Node } from '../../ast.js';
import { parseSource } from '../../parse.js';
import {
  foldConstant,
  foldNumber,
  foldString,
  globalName,
  globalPath,
  memberPath,
  propertyName,
} from './fold.js';

function expressionOf(code: string, language: 'javascript' | 'typescript' = 'javascript'): Node {
  const outcome = parseSource(code, language);
  if ('error' in outcome) throw new Error(outcome.error.message);
  return ((outcome.ast.body as Node[])[0] as Node).expression as Node;
}

const fold = (code: string) => foldConstant(expressionOf(code));

describe('foldConstant', () => {
  it.each([
    ["'ev' + 'al'", 'eval'],
    ["`ev${'a' + 'l'}`", 'eval'],
    ['String.fromCharCode(101, 118, 97, 108)', 'eval'],
    ['String.fromCharCode(100 + 1, 0x76, 97, 108)', 'eval'],
    ["['F', 'unc', 'tion'].join('')", 'Function'],
    ["'lave'.split('').reverse().join('')", 'eval'],
    ["atob('ZXZhbA==')", 'eval'],
    ["Buffer.from('6576616c', 'hex').toString()", 'eval'],
    ["decodeURIComponent('%65val')", 'eval'],
    ["'RE'.toLowerCase().concat('quire')", 'require'],
    ["'xconstructorx'.slice(1, 12)", 'constructor'],
    ["(0, 'ev') + 'al'", 'eval'],
    ['1 + 2', 3],
    ["'a' + 1", 'a1'],
    // Numbers: every arithmetic operator, unary signs and Math.pow.
    ['2 ** 31 - 1', 2_147_483_647],
    ['-(4 * 1024) % 1000', -96],
    ['1 << 20', 1_048_576],
    ['Math.pow(2, 10) / 4', 256],
  ])('folds %s', (code, expected) => {
    expect(fold(code)).toEqual(expected);
  });

  it.each([
    // Unknown variables, calls and members cannot be folded.
    "'ev' + x",
    'getName()',
    'obj.name',
    "[a, 'b'].join('')",
    // Malformed input to a decoder is unknown, not an exception.
    "atob('%%%')",
    "decodeURIComponent('%E0%A4%A')",
    // Arrays with holes or spreads are not constants.
    "[, 'a'].join('')",
    "[...xs].join('')",
    // Operators other than + on strings.
    "'a' - 'b'",
    // Infinity and NaN are not sizes or keys a rule can use.
    '1 / 0',
    '2 ** 10_000',
    // Math.pow of something other than two numbers.
    "Math.pow('a', 2)",
  ])('leaves %s unknown', (code) => {
    expect(fold(code)).toBeUndefined();
  });

  it('resolves names through the lookup it is given', () => {
    const node = expressionOf("prefix + 'al'");
    expect(foldString(node, { lookup: (name) => (name === 'prefix' ? 'ev' : undefined) })).toBe(
      'eval',
    );
  });

  it('gives up on strings over its length cap instead of building them', () => {
    const code = `'${'a'.repeat(6_000)}' + '${'b'.repeat(6_000)}'`;
    expect(fold(code)).toBeUndefined();
  });

  it('gives up on nesting deeper than its depth cap', () => {
    const code = `${"'a' + ".repeat(500)}'a'`;
    expect(fold(code)).toBeUndefined();
  });
});

describe('foldString', () => {
  it('puts folded numbers into templates', () => {
    expect(foldString(expressionOf('`n${-1}:${2 ** 3}`'))).toBe('n-1:8');
  });
});

describe('foldNumber', () => {
  it('gives numbers only', () => {
    expect(foldNumber(expressionOf('(64 * 1024 * 1024) as number', 'typescript'))).toBe(67_108_864);
    expect(foldNumber(expressionOf("'64'"))).toBeUndefined();
  });
});

describe('propertyName', () => {
  const keyOf = (code: string) => propertyName(expressionOf(code));
  const firstProperty = (code: string) =>
    propertyName((expressionOf(code).properties as Node[])[0] as Node);

  it('reads plain, quoted, numeric and folded keys of members', () => {
    expect(keyOf('a.b')).toBe('b');
    expect(keyOf("a['b']")).toBe('b');
    expect(keyOf("a['b' + 'c']")).toBe('bc');
    expect(keyOf('a[`b`]')).toBe('b');
    expect(keyOf('a[0]')).toBe('0');
  });

  it('reads keys of object literals, plain and computed', () => {
    expect(firstProperty('({ b: 1 })')).toBe('b');
    expect(firstProperty("({ 'b': 1 })")).toBe('b');
    expect(firstProperty("({ ['b' + 'c']: 1 })")).toBe('bc');
  });

  it('leaves dynamic keys unknown', () => {
    expect(keyOf('a[b]')).toBeUndefined();
    expect(firstProperty('({ [b]: 1 })')).toBeUndefined();
  });
});

describe('memberPath and globalPath', () => {
  it('spells chains through casts, parentheses and folded keys', () => {
    expect(memberPath(expressionOf("(a as any)['b' + 'c'].d", 'typescript'))).toBe('a.bc.d');
    expect(memberPath(expressionOf('this.x.y'))).toBe('this.x.y');
    expect(memberPath(expressionOf('a[b].c'))).toBeUndefined();
    expect(memberPath(expressionOf('f().c'))).toBeUndefined();
  });

  it('drops leading global objects in globalPath only', () => {
    expect(memberPath(expressionOf("globalThis['Error'].x"))).toBe('globalThis.Error.x');
    expect(globalPath(expressionOf("globalThis['Error'].x"))).toBe('Error.x');
    expect(globalPath(expressionOf('window.self.Array.prototype'))).toBe('Array.prototype');
    expect(globalPath(expressionOf('globalThis'))).toBe('globalThis');
  });

  it('gives up on chains longer than its cap', () => {
    expect(memberPath(expressionOf(`a${'.b'.repeat(16)}`))).toBeDefined();
    expect(memberPath(expressionOf(`a${'.b'.repeat(17)}`))).toBeUndefined();
  });
});

describe('globalName', () => {
  it('names globals reached directly or through the global object', () => {
    expect(globalName(expressionOf('eval'))).toBe('eval');
    expect(globalName(expressionOf("window['Function']"))).toBe('Function');
    expect(globalName(expressionOf('self.globalThis.setTimeout'))).toBe('setTimeout');
    expect(globalName(expressionOf("globalThis['ev' + 'al']"))).toBe('eval');
  });

  it('does not take properties of other objects for globals', () => {
    expect(globalName(expressionOf('obj.eval'))).toBeUndefined();
    expect(globalName(expressionOf('this.eval'))).toBeUndefined();
    // A computed key that is not a constant says nothing about which global it is.
    expect(globalName(expressionOf('window[name]'))).toBeUndefined();
  });
});

describe('hostile nesting', () => {
  it('stops keys that hide calls that hide keys at one shared depth cap', () => {
    // Each key is a call whose callee has a computed key: the recursion alternates between
    // paths, keys and values. Reading any part twice per level would cost 2^depth steps.
    // 100 levels stay within the parser's nesting bound; 2^100 steps would never finish,
    // so the generous time bound only catches the exponential case, not a slow machine.
    const code = `${'a[b['.repeat(100)}'x'${']()]'.repeat(100)}`;
    const started = performance.now();
    expect(propertyName(expressionOf(code))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
