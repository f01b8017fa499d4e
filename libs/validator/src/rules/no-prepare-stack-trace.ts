import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { foldString, globalPath, propertyName } from './support/fold.js';

const hookName = 'prepareStackTrace';

const message =
  'Found Error.prepareStackTrace, the V8 hook that hands raw call-site objects (including the functions and receivers on the stack) to user code. Read err.stack as a string instead.';

/** Reflective calls whose second argument names the property they touch. */
const reflectiveCalls = new Set([
  'Object.defineProperty',
  'Object.getOwnPropertyDescriptor',
  'Reflect.get',
  'Reflect.set',
  'Reflect.defineProperty',
  'Reflect.getOwnPropertyDescriptor',
]);

function namesHook(node: Node): boolean {
  return propertyName(node) === hookName;
}

/**
 * Flags every use of the `prepareStackTrace` property, read or written, through a member
 * (`Error.prepareStackTrace`, `globalThis.Error['prepareStackTrace']`), destructuring, an
 * object literal key (`Object.assign(Error, { prepareStackTrace })`) or a reflective call.
 * The name alone is enough: the Error constructor is reachable under many names
 * (`err.constructor`, an alias, a subclass), and the property has no other use.
 */
export const noPrepareStackTrace: Rule = {
  meta: {
    id: 'no-prepare-stack-trace',
    severity: 'error',
    category: 'sandbox-escape',
    description: 'Reading or replacing the V8 stack trace hook Error.prepareStackTrace.',
  },
  create(context) {
    return {
      MemberExpression(node) {
        if (namesHook(node)) context.report({ node, message });
      },
      Property(node) {
        if (namesHook(node)) context.report({ node, message });
      },
      CallExpression(node) {
        const callee = globalPath(node.callee as Node);
        if (callee === undefined || !reflectiveCalls.has(callee)) return;
        const key = (node.arguments as Node[])[1];
        if (foldString(key) === hookName) context.report({ node, message });
      },
    };
  },
};
