import { describe, expect, it } from 'vitest';
import { childNodes, type Node } from '../../ast.js';
import { parseSource } from '../../parse.js';
import { isReference, significantParent, unwrap } from './nodes.js';
import { isStringLike } from './string-like.js';

function expressionOf(code: string, language: 'javascript' | 'typescript' = 'javascript'): Node {
  const outcome = parseSource(code, language);
  if ('error' in outcome) throw new Error(outcome.error.message);
  const statement = (outcome.ast.body as Node[])[0] as Node;
  return statement.expression as Node;
}

/**
 * Sets `parent` on every node under `root`, through every key (type annotations too, which
 * the validator's walk may skip), and lists the nodes in source order.
 */
function withParents(root: Node): Node[] {
  const nodes: Node[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    nodes.push(node);
    for (const child of childNodes(node).reverse()) {
      child.parent = node;
      stack.push(child);
    }
  }
  return nodes;
}

/** Every identifier named `name` in `code`, and whether it is a reference. */
function referencesTo(
  name: string,
  code: string,
  language: 'javascript' | 'typescript' = 'javascript',
) {
  const outcome = parseSource(code, language);
  if ('error' in outcome) throw new Error(outcome.error.message);
  return withParents(outcome.ast)
    .filter((node) => node.type === 'Identifier' && node.name === name)
    .map(isReference);
}

describe('unwrap', () => {
  it('sees through parentheses, commas and TypeScript casts', () => {
    expect(unwrap(expressionOf('(0, eval)')).name).toBe('eval');
    expect(unwrap(expressionOf('(x as any)!', 'typescript')).name).toBe('x');
  });
});

describe('significantParent', () => {
  it('climbs past wrappers and the last expression of a sequence, as unwrap sees through', () => {
    const call = expressionOf('(0, (eval))(x)');
    const callee = call.callee as Node;
    const identifier = unwrap(callee);
    withParents(call);
    expect(significantParent(identifier)).toEqual({ parent: call, child: callee });
  });

  it('stops at a sequence when the node is not its last expression', () => {
    const sequence = expressionOf('(eval, 0)');
    withParents(sequence);
    const first = (sequence.expressions as Node[])[0] as Node;
    expect(significantParent(first).parent).toBe(sequence);
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
    // Type annotations are not code: the walk does not enter them, so rules never see them.
    expect(referencesTo('eval', 'let t: typeof eval;', 'typescript')).toEqual([]);
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
