import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { globalPath, propertyName } from './support/fold.js';
import { destructuredValue, unwrap } from './support/nodes.js';

const chainMessage =
  'Found `.constructor.constructor`, which reaches the Function constructor: it turns a string into code that no rule has checked. Call the function you need directly instead.';
const functionMessage =
  'Found `.constructor` of a function, which is a Function constructor (plain, async or generator): it turns a string into code that no rule has checked. Write the function as code instead.';

const functionLiteralTypes = new Set([
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ClassExpression',
]);

/** A function literal, or `Object.getPrototypeOf(<function literal>)` and its Reflect twin. */
function isFunctionValue(input: Node): boolean {
  const node = unwrap(input);
  if (functionLiteralTypes.has(node.type)) return true;
  if (node.type !== 'CallExpression') return false;
  const callee = globalPath(node.callee as Node);
  if (callee !== 'Object.getPrototypeOf' && callee !== 'Reflect.getPrototypeOf') return false;
  const [argument] = node.arguments as Node[];
  return argument !== undefined && isFunctionValue(argument);
}

function isConstructorMember(input: Node): boolean {
  const node = unwrap(input);
  return node.type === 'MemberExpression' && propertyName(node) === 'constructor';
}

/** The pattern a destructuring property binds to, seen through a default value. */
function boundPattern(property: Node): Node {
  const value = property.value as Node;
  return value.type === 'AssignmentPattern' ? (value.left as Node) : value;
}

function takesConstructor(pattern: Node): Node | undefined {
  if (pattern.type !== 'ObjectPattern') return undefined;
  return (pattern.properties as Node[]).find(
    (p) => p.type === 'Property' && propertyName(p) === 'constructor',
  );
}

/**
 * Flags the ways code reaches the Function constructor without naming it: a constructor
 * chain (`x.constructor.constructor`, also with folded computed keys and destructuring)
 * and `.constructor` of a function literal or its prototype. The Function constructor
 * compiles strings at run time, so it defeats every other check of the validator.
 *
 * NOTE: a chain split through a variable (`const c = x.constructor; c.constructor`) is not
 * followed; the isolate executor, which has no host objects to reach, still holds then.
 */
export const noConstructorChain: Rule = {
  meta: {
    id: 'no-constructor-chain',
    severity: 'error',
    category: 'sandbox-escape',
    description: 'Reaching the Function constructor through .constructor.constructor.',
  },
  create(context) {
    return {
      MemberExpression(node) {
        if (propertyName(node) !== 'constructor') return;
        const object = node.object as Node;
        if (isConstructorMember(object)) context.report({ node, message: chainMessage });
        else if (isFunctionValue(object)) context.report({ node, message: functionMessage });
      },
      ObjectPattern(node) {
        const property = takesConstructor(node);
        if (!property) return;
        const value = destructuredValue(node);
        if (takesConstructor(boundPattern(property))) {
          context.report({ node, message: chainMessage });
        } else if (value && isConstructorMember(value)) {
          context.report({ node, message: chainMessage });
        } else if (value && isFunctionValue(value)) {
          context.report({ node, message: functionMessage });
        }
      },
    };
  },
};
