import { childNodes, type Node } from './ast.js';
import type { Visitors } from './rule.js';

type Handler = (node: Node) => void;

export interface HandlerError {
  error: unknown;
  handler: Handler;
}

/** Merges the visitors of many rules into one dispatch table keyed by selector. */
export function mergeVisitors(visitorSets: Visitors[]): Map<string, Handler[]> {
  const table = new Map<string, Handler[]>();
  for (const visitors of visitorSets) {
    for (const [selector, handler] of Object.entries(visitors)) {
      const handlers = table.get(selector) ?? [];
      handlers.push(handler);
      table.set(selector, handlers);
    }
  }
  return table;
}

/**
 * One depth-first walk of the tree that calls every handler on enter (`Type`) and on
 * leave (`Type:exit`), setting `parent` first as ESLint does. It keeps its own stack, so
 * deeply nested input cannot overflow the call stack. A handler that throws is reported
 * through `onError` and the walk goes on.
 */
export function walk(
  root: Node,
  table: Map<string, Handler[]>,
  onError: (failure: HandlerError) => void,
): void {
  const call = (selector: string, node: Node): void => {
    const handlers = table.get(selector);
    if (!handlers) return;
    for (const handler of handlers) {
      try {
        handler(node);
      } catch (error) {
        onError({ error, handler });
      }
    }
  };

  root.parent = null;
  const stack: Array<{ node: Node; exiting: boolean }> = [{ node: root, exiting: false }];
  while (stack.length > 0) {
    const frame = stack.pop() as { node: Node; exiting: boolean };
    if (frame.exiting) {
      call(`${frame.node.type}:exit`, frame.node);
      continue;
    }
    call(frame.node.type, frame.node);
    stack.push({ node: frame.node, exiting: true });
    const children = childNodes(frame.node);
    for (let i = children.length - 1; i >= 0; i -= 1) {
      const child = children[i] as Node;
      child.parent = frame.node;
      stack.push({ node: child, exiting: false });
    }
  }
}
