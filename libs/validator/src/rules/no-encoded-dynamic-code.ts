import { childNodes, type Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { isRequireCall } from './support/module-imports.js';
import { ScopedNames } from './support/scoped-names.js';
import { timerNames } from './no-string-timer.js';
import { globalName, propertyName } from './support/fold.js';
import { decoderOf } from './support/decoders.js';
import { argumentsOf, calleeOf, isFunctionNode } from './support/nodes.js';

const vmRunners = new Set([
  'runInThisContext',
  'runInNewContext',
  'runInContext',
  'compileFunction',
]);

/** The argument(s) of a call that are run as code or loaded as a module, with the sink's name. */
function sinkOf(node: Node): { name: string; inputs: Node[] } | undefined {
  if (node.type === 'ImportExpression') return { name: 'import()', inputs: [node.source as Node] };
  const callee = calleeOf(node);
  const args = argumentsOf(node);
  const name = globalName(callee);
  if (name === 'eval' || name === 'Function') return { name, inputs: args };
  if (name !== undefined && timerNames.has(name)) return { name, inputs: args.slice(0, 1) };
  if (node.type === 'CallExpression' && isRequireCall(node)) {
    return { name: 'require()', inputs: args.slice(0, 1) };
  }
  const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  const runsCode =
    method !== undefined &&
    (vmRunners.has(method) || (method === 'Script' && node.type === 'NewExpression'));
  return runsCode ? { name: `vm ${method}`, inputs: args.slice(0, 1) } : undefined;
}

/**
 * Flags decoded text that is run as code: `eval(atob(s))`, `new Function(Buffer.from(s,
 * 'hex').toString())`, `setTimeout(decodeURIComponent(s))`, `import(String.fromCharCode(…))`,
 * and a variable assigned from a decode in the same function, then passed to one of these.
 * Decoding data (`JSON.parse(atob(s))`) is fine.
 * NOTE: a decoded value that reaches the sink through another function's return value or
 * an object property is not followed.
 */
export const noEncodedDynamicCode: Rule = {
  meta: {
    id: 'no-encoded-dynamic-code',
    severity: 'error',
    category: 'obfuscation',
    description: 'Decoding base64, hex, URI escapes or char codes and running the result as code.',
  },
  create(context) {
    const decoded = new ScopedNames<string>();
    const findDecoder = (root: Node) => searchDecoder(root, (name) => decoded.get(name));
    const remember = (target: Node, value: Node | null | undefined): void => {
      if (target.type !== 'Identifier') return;
      decoded.set(target.name as string, (value && findDecoder(value)) ?? null);
    };
    const onCall = (node: Node): void => {
      const sink = sinkOf(node);
      if (!sink) return;
      for (const input of sink.inputs) {
        const decoder = findDecoder(input);
        if (decoder === undefined) continue;
        context.report({
          node,
          message:
            `Found ${decoder} output passed to ${sink.name}: encoding code hides it from ` +
            'review and from every other rule. Put the code in the source as plain text.',
        });
        return;
      }
    };

    return {
      ...decoded.visitors(),
      VariableDeclarator: (node) => remember(node.id as Node, node.init as Node | null),
      AssignmentExpression: (node) => {
        if (node.operator === '=') remember(node.left as Node, node.right as Node);
      },
      CallExpression: onCall,
      NewExpression: onCall,
      ImportExpression: onCall,
    };
  },
};

/**
 * The first decoder inside an expression, or a variable known to hold decoded text,
 * without entering nested functions (their bodies run later, with their own inputs).
 */
function searchDecoder(
  root: Node,
  lookup: (name: string) => string | undefined,
): string | undefined {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (isFunctionNode(node)) continue;
    const found = node.type === 'Identifier' ? lookup(node.name as string) : decoderOf(node);
    if (found !== undefined) return found;
    // `x.name` reads a property: `name` there is not the variable of that name.
    const plainMember = node.type === 'MemberExpression' && node.computed !== true;
    stack.push(...(plainMember ? [node.object as Node] : childNodes(node)));
  }
  return undefined;
}
