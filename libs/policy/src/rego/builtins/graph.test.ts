import { describe, expect, it } from 'vitest';
import { builtinErrorOf, call, obj, set, show } from './test-support.js';

describe('graph.reachable', () => {
  const graph = obj({ a: ['b'], b: ['c', 'a'], c: [], d: ['a'], e: null });
  const table: [string, unknown, string][] = [
    ['follows edges and cycles', ['a'], show(set('a', 'b', 'c'))],
    ['accepts a set of starting nodes', set('d'), show(set('a', 'b', 'c', 'd'))],
    // boundary: a starting node that is not in the graph reaches nothing
    ['ignores unknown nodes', ['z'], show(set())],
    // boundary: a node whose edges are not a collection is a leaf
    ['treats null edges as none', ['e'], show(set('e'))],
  ];
  it.each(table)('%s', (_, initial, expected) => {
    expect(show(call('graph.reachable', graph, initial as never))).toBe(expected);
  });

  it('needs an object graph', () => {
    expect(builtinErrorOf(() => call('graph.reachable', [], [])).message).toBe(
      'graph.reachable: operand 1 must be object but got array',
    );
  });
});
