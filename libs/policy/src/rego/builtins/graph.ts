/** `graph.reachable(graph, initial)`: every node reachable from the initial nodes. */
import { RObject, RSet } from '../value.js';
import type { Value } from '../value.js';
import { elements, expectType, obj } from './args.js';
import { defineBuiltins } from './registry.js';

function neighbours(graph: RObject, node: Value): Value[] {
  const edges = graph.get(node);
  if (Array.isArray(edges) || edges instanceof RSet) return elements(edges);
  return [];
}

function reachable(args: Value[]): RSet {
  const graph = obj('graph.reachable', args, 0);
  const initial = elements(
    expectType('graph.reachable', args, 1, ['set', 'array']) as Value[] | RSet,
  );
  const seen = new RSet();
  const queue = initial.filter((node) => graph.has(node));
  while (queue.length > 0) {
    const node = queue.pop() as Value;
    if (seen.has(node)) continue;
    seen.add(node);
    queue.push(...neighbours(graph, node).filter((n) => !seen.has(n)));
  }
  return seen;
}

defineBuiltins([{ name: 'graph.reachable', arity: 2, impl: reachable }]);
