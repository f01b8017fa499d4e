import { describe, expect, it } from 'vitest';
import type { Node } from '../../ast.js';
import { parseSource } from '../../parse.js';
import { foldConstant, foldString } from './fold.js';

function expressionOf(code: string): Node {
  const outcome = parseSource(code, 'javascript');
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
