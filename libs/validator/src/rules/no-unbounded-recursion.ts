import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { findInOwnBody, isLoopNode, ownBodyNodes } from './support/control-flow.js';
import { propertyName } from './support/fold.js';
import { calleeOf, endOffsetOf, offsetOf, significantParent, unwrap } from './support/nodes.js';

/** How a function refers to itself: by name, or as a method of `this` (or its class). */
interface SelfReference {
  names: string[];
  method?: { key: string; receivers: string[] };
}

const branchingTypes = new Set([
  'IfStatement',
  'SwitchStatement',
  'ConditionalExpression',
  'LogicalExpression',
  'ThrowStatement',
]);

const conditionalAssignments = new Set(['&&=', '||=', '??=']);

/** Anything that could be a base case: a branch, a loop, a throw or a guarded assignment. */
function isBranching(node: Node): boolean {
  if (branchingTypes.has(node.type) || isLoopNode(node)) return true;
  return (
    node.type === 'AssignmentExpression' && conditionalAssignments.has(node.operator as string)
  );
}

function methodReference(fn: Node, holder: Node): SelfReference['method'] | undefined {
  const key = propertyName(holder);
  if (key === undefined || holder.computed === true) return undefined;
  const receivers = ['this'];
  const classNode = holder.parent?.parent;
  const className = (classNode?.id as Node | null | undefined)?.name as string | undefined;
  if (holder.static === true && className) receivers.push(className);
  if (fn.type === 'ArrowFunctionExpression' && holder.type === 'Property') return undefined;
  return { key, receivers };
}

function selfReference(fn: Node): SelfReference | undefined {
  const names: string[] = [];
  const id = fn.id as Node | null | undefined;
  if (id?.type === 'Identifier') names.push(id.name as string);
  const { parent: holder, child } = significantParent(fn);
  let method: SelfReference['method'];
  if (holder?.type === 'VariableDeclarator' && (holder.id as Node).type === 'Identifier') {
    names.push((holder.id as Node).name as string);
  } else if (holder && holder.value === child && isMemberHolder(holder)) {
    method = methodReference(fn, holder);
  }
  return names.length > 0 || method ? { names, method } : undefined;
}

function isMemberHolder(node: Node): boolean {
  return ['MethodDefinition', 'Property', 'PropertyDefinition', 'ClassProperty'].includes(
    node.type,
  );
}

/** The function a call invokes, with `.call(…)` and `.apply(…)` seen through. */
function invokedExpression(call: Node): Node {
  const callee = calleeOf(call);
  const key = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  if (key === 'call' || key === 'apply') return unwrap(callee.object as Node);
  return callee;
}

function callsSelf(call: Node, self: SelfReference, rebound: Set<string>): boolean {
  const target = invokedExpression(call);
  if (target.type === 'Identifier') {
    const name = target.name as string;
    return self.names.includes(name) && !rebound.has(name);
  }
  if (target.type !== 'MemberExpression' || !self.method) return false;
  if (propertyName(target) !== self.method.key) return false;
  const receiver = unwrap(target.object as Node);
  const receiverName = receiver.type === 'ThisExpression' ? 'this' : (receiver.name as string);
  return self.method.receivers.includes(receiverName);
}

function patternNames(pattern: Node | null | undefined, into: Set<string>): void {
  if (!pattern) return;
  if (pattern.type === 'Identifier') into.add(pattern.name as string);
  else if (pattern.type === 'AssignmentPattern') patternNames(pattern.left as Node, into);
  else if (pattern.type === 'RestElement') patternNames(pattern.argument as Node, into);
  else if (pattern.type === 'ArrayPattern') {
    for (const element of pattern.elements as Array<Node | null>) patternNames(element, into);
  } else if (pattern.type === 'ObjectPattern') {
    for (const p of pattern.properties as Node[]) {
      patternNames(p.type === 'RestElement' ? p : (p.value as Node), into);
    }
  }
}

/**
 * Names that may not mean the function by the time it calls them: those its parameters
 * and own declarations bind, and those it reassigns (compiled async helpers replace
 * themselves, `function f() { f = wrap(…); return f.apply(this, arguments); }`).
 */
function reboundNames(fn: Node, body: Node[]): Set<string> {
  const names = new Set<string>();
  for (const param of fn.params as Node[]) patternNames(param, names);
  for (const node of body) {
    if (node.type === 'VariableDeclarator') patternNames(node.id as Node, names);
    if (node.type === 'AssignmentExpression') patternNames(node.left as Node, names);
    const isDeclaration = node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration';
    if (isDeclaration) patternNames(node.id as Node, names);
  }
  return names;
}

/**
 * The first recursive call that runs whenever the function runs, or undefined when the
 * function has a base case: a branch, loop or throw anywhere in its own body, or a
 * `return`, `yield` or `await` that finishes before the call starts. `catch` blocks are
 * left out: they run only after a failure, so neither a call nor a condition in them
 * decides whether the normal path recurses.
 */
function unconditionalSelfCall(fn: Node, self: SelfReference): Node | undefined {
  const inCatch = (node: Node): boolean => node.type === 'CatchClause';
  // Most functions branch early: find that without listing the whole body.
  if (findInOwnBody(fn, isBranching, inCatch)) return undefined;
  const body = ownBodyNodes(fn, inCatch);
  const rebound = reboundNames(fn, body);
  const calls = body
    .filter((n) => n.type === 'CallExpression' || n.type === 'NewExpression')
    .filter((n) => callsSelf(n, self, rebound))
    .sort((a, b) => offsetOf(a) - offsetOf(b));
  const first = calls[0];
  if (!first) return undefined;
  const stopsEarlier = (n: Node): boolean =>
    ['ReturnStatement', 'YieldExpression', 'AwaitExpression'].includes(n.type) &&
    endOffsetOf(n) <= offsetOf(first);
  return body.some(stopsEarlier) ? undefined : first;
}

function displayName(self: SelfReference): string {
  return self.names[0] ?? `this.${self.method?.key ?? ''}`;
}

/**
 * Flags a named function, const-bound function or method that calls itself on every run:
 * its own body has no condition, loop or throw, and nothing returns, yields or awaits
 * before the call. Such a function recurses until the stack overflows. A stack overflow
 * is a RangeError thrown at an arbitrary depth, possibly in the middle of a host binding,
 * which sandbox escapes have used to catch host-side errors.
 */
export const noUnboundedRecursion: Rule = {
  meta: {
    id: 'no-unbounded-recursion',
    severity: 'error',
    category: 'resources',
    description: 'Functions that call themselves with no base case.',
  },
  create(context) {
    const check = (fn: Node): void => {
      const self = selfReference(fn);
      const call = self ? unconditionalSelfCall(fn, self) : undefined;
      if (!self || !call) return;
      context.report({
        node: call,
        message: `Found \`${displayName(self)}\` calling itself on every run with no base case (no condition, loop, throw or earlier return), so it recurses until the stack overflows. Add a condition that returns without recursing, or write it as a bounded loop.`,
      });
    };
    return {
      FunctionDeclaration: check,
      FunctionExpression: check,
      ArrowFunctionExpression: check,
    };
  },
};
