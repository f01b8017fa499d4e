import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { globalName, propertyName } from './support/fold.js';
import { argumentsOf, calleeOf } from './support/nodes.js';
import { foundReporter } from './support/report.js';

const invokers = new Set(['call', 'apply', 'bind']);
const reflectors = new Set(['construct', 'apply']);

/** `Function.call(…)`, `Function.apply(…)`, `Function.bind(…)`. */
function isInvokedThroughMethod(callee: Node): boolean {
  if (callee.type !== 'MemberExpression') return false;
  const method = propertyName(callee);
  return method !== undefined && invokers.has(method) && isFunctionGlobal(callee.object as Node);
}

/** `Reflect.construct(Function, …)` and `Reflect.apply(Function, …)`. */
function isReflected(call: Node, callee: Node): boolean {
  if (callee.type !== 'MemberExpression' || globalName(callee.object as Node) !== 'Reflect') {
    return false;
  }
  const method = propertyName(callee);
  const [target] = argumentsOf(call);
  return method !== undefined && reflectors.has(method) && !!target && isFunctionGlobal(target);
}

function isFunctionGlobal(node: Node): boolean {
  return globalName(node) === 'Function';
}

const why =
  'the Function constructor compiles a string into code that the validator ' +
  'never saw. Write the function in the source instead.';

/**
 * Flags the Function constructor, which compiles a string into a function as eval does:
 * `new Function(…)`, `Function(…)`, `globalThis['Function'](…)`, `Function.call(…)`,
 * `Reflect.construct(Function, …)` and `const F = Function`. `x instanceof Function` and
 * `typeof x === 'function'` only test values and are fine.
 */
export const noFunctionConstructor: Rule = {
  meta: {
    id: 'no-function-constructor',
    severity: 'error',
    category: 'dynamic-code',
    description: 'Compiling a string into a function with the Function constructor.',
  },
  create(context) {
    const report = foundReporter(context, why);
    const onCall = (node: Node): void => {
      const callee = calleeOf(node);
      if (isFunctionGlobal(callee)) report(node, 'a call to the Function constructor');
      else if (isInvokedThroughMethod(callee))
        report(node, 'the Function constructor invoked through call, apply or bind');
      else if (isReflected(node, callee))
        report(node, 'the Function constructor passed to Reflect');
    };
    return {
      CallExpression: onCall,
      NewExpression: onCall,
      VariableDeclarator(node) {
        const init = node.init as Node | null;
        if (init && isFunctionGlobal(init))
          report(node, 'the Function constructor stored in a variable');
      },
    };
  },
};
