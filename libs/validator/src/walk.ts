import { childKeys, isNode, type Node } from './ast.js';
import type { Visitors } from './rule.js';

type Handler = (node: Node) => void;

export interface HandlerError {
  error: unknown;
  handler: Handler;
}

/** Enter and exit handlers of many rules, merged once per validator. */
export interface DispatchTable {
  enter: Map<string, Handler[]>;
  exit: Map<string, Handler[]>;
}

/** Merges the visitors of many rules into one dispatch table keyed by node type. */
export function mergeVisitors(visitorSets: Visitors[]): DispatchTable {
  const table: DispatchTable = { enter: new Map(), exit: new Map() };
  for (const visitors of visitorSets) {
    for (const [selector, handler] of Object.entries(visitors)) {
      const exiting = selector.endsWith(':exit');
      const map = exiting ? table.exit : table.enter;
      const type = exiting ? selector.slice(0, -':exit'.length) : selector;
      const handlers = map.get(type) ?? [];
      handlers.push(handler);
      map.set(type, handlers);
    }
  }
  return table;
}

const exitMarker = Symbol('exit');

/** Pushes `node`'s children on `stack` in reverse order, so they pop in source order. */
function pushChildren(node: Node, stack: Array<Node | typeof exitMarker>): void {
  const keys = childKeys(node);
  for (let k = keys.length - 1; k >= 0; k -= 1) {
    const value = node[keys[k] as string];
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) {
        if (isNode(value[i])) pushChild(node, value[i], stack);
      }
    } else if (isNode(value)) {
      pushChild(node, value, stack);
    }
  }
}

function pushChild(parent: Node, child: Node, stack: Array<Node | typeof exitMarker>): void {
  child.parent = parent;
  stack.push(child);
}

/**
 * One depth-first walk of the tree that calls every handler on enter (`Type`) and on
 * leave (`Type:exit`), setting `parent` first as ESLint does. It keeps its own stack, so
 * deeply nested input cannot overflow the call stack. A handler that throws is reported
 * through `onError` and the walk goes on.
 */
export function walk(root: Node, table: DispatchTable, onError: (f: HandlerError) => void): void {
  const call = (handlers: Handler[], node: Node): void => {
    for (const handler of handlers) {
      try {
        handler(node);
      } catch (error) {
        onError({ error, handler });
      }
    }
  };

  root.parent = null;
  // Nodes to visit; an exit is the marker followed by its node.
  const stack: Array<Node | typeof exitMarker> = [root];
  while (stack.length > 0) {
    const item = stack.pop() as Node | typeof exitMarker;
    if (item === exitMarker) {
      const node = stack.pop() as Node;
      call(table.exit.get(node.type) as Handler[], node);
      continue;
    }
    const enter = table.enter.get(item.type);
    if (enter !== undefined) call(enter, item);
    if (table.exit.has(item.type)) stack.push(item, exitMarker);
    pushChildren(item, stack);
  }
}
