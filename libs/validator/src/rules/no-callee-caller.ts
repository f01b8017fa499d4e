import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { writeKindOf } from './support/write-target.js';
import { propertyName } from './support/fold.js';
import { destructuredValue, significantParent, unwrap } from './support/nodes.js';

const calleeMessage =
  'Found arguments.callee or arguments.caller, which hand out the running function and its caller, possibly a host function. Name the function and call it by name instead.';
const callerMessage =
  'Found a read of `.caller`, which returns the function that called a function, possibly a host function outside the sandbox. Pass what the code needs as an argument instead.';
const functionArgumentsMessage =
  'Found `.arguments` read from a function object, which exposes the arguments of its running call to other code. Use rest parameters (`...args`) inside the function instead.';

function isIdentifier(input: Node, name: string): boolean {
  const node = unwrap(input);
  return node.type === 'Identifier' && node.name === name;
}

/** The name a function is known by inside itself: its own id, or the const it initialises. */
function functionName(fn: Node): string | undefined {
  const id = fn.id as Node | null | undefined;
  if (id?.type === 'Identifier') return id.name as string;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && (parent.id as Node).type === 'Identifier') {
    return (parent.id as Node).name as string;
  }
  return undefined;
}

function isEnclosingFunction(node: Node, name: string): boolean {
  for (let current = node.parent; current; current = current.parent) {
    const isFunction =
      current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression';
    if (isFunction && functionName(current) === name) return true;
  }
  return false;
}

/** Whether a member is the callee of a call: `api.caller(x)` calls a method, keeping nothing. */
function isCalled(member: Node): boolean {
  const { parent, child } = significantParent(member);
  return parent?.type === 'CallExpression' && parent.callee === child;
}

function messageFor(member: Node, key: string | undefined): string | undefined {
  const object = member.object as Node;
  if ((key === 'callee' || key === 'caller') && isIdentifier(object, 'arguments')) {
    return calleeMessage;
  }
  if (writeKindOf(member) !== undefined) return undefined;
  if (key === 'caller') return isCalled(member) ? undefined : callerMessage;
  const target = unwrap(object);
  if (key === 'arguments' && target.type === 'Identifier') {
    return isEnclosingFunction(member, target.name as string)
      ? functionArgumentsMessage
      : undefined;
  }
  return undefined;
}

function patternMessage(pattern: Node): string | undefined {
  const keys = (pattern.properties as Node[]).map((p) => propertyName(p));
  const source = destructuredValue(pattern);
  // Parameters destructure caller-supplied data, not a function object.
  if (!source) return undefined;
  if (isIdentifier(source, 'arguments') && keys.includes('callee')) return calleeMessage;
  return keys.includes('caller') ? callerMessage : undefined;
}

/**
 * Flags `arguments.callee`, `arguments.caller`, every read of a `.caller` property as a
 * value, and `f.arguments` inside the function `f`. These walk up the call stack from
 * inside the sandbox; when a host function is on that stack they hand it to untrusted code.
 * `.callee` on other objects (`options.callee`) and `.arguments` on data such as AST nodes
 * are ordinary properties and are accepted, and so is a method call named caller
 * (`api.caller(…)`, as in Babel plugins): the call gets a result, never the function.
 *
 * NOTE: `fn.caller(…)` on a real function is accepted too, since its shape is the same as
 * a method call; it invokes the caller (possibly a host function) without handing it out.
 */
export const noCalleeCaller: Rule = {
  meta: {
    id: 'no-callee-caller',
    severity: 'error',
    category: 'sandbox-escape',
    description: 'Walking the call stack through arguments.callee, .caller or fn.arguments.',
  },
  create(context) {
    return {
      MemberExpression(node) {
        const message = messageFor(node, propertyName(node));
        if (message) context.report({ node, message });
      },
      ObjectPattern(node) {
        const message = patternMessage(node);
        if (message) context.report({ node, message });
      },
    };
  },
};
