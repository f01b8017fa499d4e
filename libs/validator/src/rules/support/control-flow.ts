import { childNodes, type Node } from '../../ast.js';
import { globalPath } from './fold.js';
import { unwrap } from './nodes.js';

/**
 * A conservative look at how control leaves a loop or a function, without building a
 * control-flow graph. It answers "is there any way out?", so a rule that uses it flags
 * only code that has none, and accepts code whose exit may never be taken at run time.
 */

const functionTypes = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
]);

const loopTypes = new Set([
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
]);

const jumpTypes = new Set([
  'ReturnStatement',
  'ThrowStatement',
  'BreakStatement',
  'ContinueStatement',
]);

export function isFunctionNode(node: Node): boolean {
  return functionTypes.has(node.type);
}

export function isLoopNode(node: Node): boolean {
  return loopTypes.has(node.type);
}

/** Statements of a list up to and including the first jump; the rest cannot run. */
function reachablePrefix(statements: Node[]): Node[] {
  const index = statements.findIndex((s) => jumpTypes.has(s.type));
  return index === -1 ? statements : statements.slice(0, index + 1);
}

/**
 * The children of a node that can run, seen from inside one function: nested functions
 * are not entered (their `return` is not ours), statements after a jump are dropped, and
 * the dead branch of `if (true)` / `if (false)` is skipped.
 */
export function reachableChildren(node: Node): Node[] {
  if (isFunctionNode(node)) return [];
  switch (node.type) {
    case 'BlockStatement':
    case 'StaticBlock':
      return reachablePrefix(node.body as Node[]);
    case 'SwitchCase':
      return [
        ...(node.test ? [node.test as Node] : []),
        ...reachablePrefix(node.consequent as Node[]),
      ];
    case 'IfStatement':
      return reachableBranches(node);
    default:
      return childNodes(node);
  }
}

function reachableBranches(node: Node): Node[] {
  const test = node.test as Node;
  const alternate = node.alternate as Node | null;
  if (isConstantTruthy(test)) return [test, node.consequent as Node];
  if (isConstantFalsy(test)) return alternate ? [test, alternate] : [test];
  return alternate ? [test, node.consequent as Node, alternate] : [test, node.consequent as Node];
}

/**
 * Every node that can run in a function's own body (or an arrow's expression body),
 * leaving out the subtrees for which `skip` is true.
 */
/**
 * The first node of a function's own body (as `ownBodyNodes` lists them) for which
 * `test` holds; it stops there, so a check that usually finds something early is cheap.
 */
export function findInOwnBody(
  fn: Node,
  test: (node: Node) => boolean,
  skip: (node: Node) => boolean = () => false,
): Node | undefined {
  const stack: Node[] = fn.body ? [fn.body as Node] : [];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (skip(node)) continue;
    if (test(node)) return node;
    for (const child of reachableChildren(node)) stack.push(child);
  }
  return undefined;
}

export function ownBodyNodes(fn: Node, skip: (node: Node) => boolean = () => false): Node[] {
  const nodes: Node[] = [];
  // Abstract methods and overload signatures have no body.
  const stack: Node[] = fn.body ? [fn.body as Node] : [];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (skip(node)) continue;
    nodes.push(node);
    for (const child of reachableChildren(node)) stack.push(child);
  }
  return nodes;
}

interface Frame {
  node: Node;
  /** Inside a loop or switch nested in the one being checked: a bare `break` stays there. */
  nested: boolean;
  /** Labels declared inside the checked loop: jumps to them stay inside. */
  innerLabels: ReadonlySet<string>;
}

/** The labels written directly in front of a statement (`outer: inner: while …`). */
function ownLabels(statement: Node): Set<string> {
  const labels = new Set<string>();
  for (let p = statement.parent; p?.type === 'LabeledStatement'; p = p.parent) {
    labels.add((p.label as Node).name as string);
  }
  return labels;
}

function leavesLoop(frame: Frame, loopLabels: ReadonlySet<string>): boolean {
  const { node } = frame;
  const label = (node.label as Node | null | undefined)?.name as string | undefined;
  switch (node.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
    case 'YieldExpression':
    case 'AwaitExpression':
      return true;
    case 'ForOfStatement':
      return node.await === true;
    case 'BreakStatement':
      return label === undefined ? !frame.nested : !frame.innerLabels.has(label);
    case 'ContinueStatement':
      return label !== undefined && !frame.innerLabels.has(label) && !loopLabels.has(label);
    case 'CallExpression':
      return globalPath(node.callee as Node) === 'process.exit';
    default:
      return false;
  }
}

function childFrame(frame: Frame, child: Node): Frame {
  const nested = frame.nested || isLoopNode(child) || child.type === 'SwitchStatement';
  if (child.type !== 'LabeledStatement')
    return { node: child, nested, innerLabels: frame.innerLabels };
  const innerLabels = new Set(frame.innerLabels).add((child.label as Node).name as string);
  return { node: child, nested, innerLabels };
}

/**
 * Whether a loop's body has any way out: a `break` that targets it or an outer statement,
 * a `continue` to an outer loop, `return`, `throw`, `yield`, `await`, `for await`, or a
 * call to `process.exit`. A jump inside a nested function does not count.
 */
export function loopHasExit(loop: Node): boolean {
  const loopLabels = ownLabels(loop);
  const stack: Frame[] = [{ node: loop.body as Node, nested: false, innerLabels: new Set() }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (leavesLoop(frame, loopLabels)) return true;
    for (const child of reachableChildren(frame.node)) stack.push(childFrame(frame, child));
  }
  return false;
}

/** Whether a condition is a literal that is always true: `true`, `1`, `'x'`, `!0`. */
export function isConstantTruthy(node: Node | null | undefined): boolean {
  return constantTruth(node) === true;
}

/** Whether a condition is a literal that is always false: `false`, `0`, `''`, `null`, `!1`. */
export function isConstantFalsy(node: Node | null | undefined): boolean {
  return constantTruth(node) === false;
}

/** Iterative, so `!!!…x` ten thousand deep costs one step per `!`. */
function constantTruth(input: Node | null | undefined): boolean | undefined {
  let negated = false;
  let node = input ? unwrap(input) : undefined;
  while (node?.type === 'UnaryExpression' && node.operator === '!') {
    negated = !negated;
    node = unwrap(node.argument as Node);
  }
  if (node?.type !== 'Literal') return undefined;
  const truth = node.regex ? true : Boolean(node.value);
  return negated ? !truth : truth;
}
