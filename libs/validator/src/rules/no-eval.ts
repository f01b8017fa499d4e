import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { globalName, memberPath, propertyName } from './support/fold.js';
import { isReference, significantParent, staticString } from './support/nodes.js';
import { foundReporter } from './support/report.js';

/** 'a call to eval', 'an indirect call to eval' (`(0, eval)(x)`), or 'eval used as a value'. */
function describeUse(identifier: Node): string {
  const { parent, child } = significantParent(identifier);
  if (parent?.type !== 'CallExpression' || parent.callee !== child) return 'eval used as a value';
  return child === identifier ? 'a call to eval' : 'an indirect call to eval';
}

const why =
  'eval runs a string as code that the validator never saw. Write the logic ' +
  'as plain code; use JSON.parse to read data.';

/**
 * Flags every way of reaching `eval`: a direct call, an indirect call such as `(0, eval)(x)`,
 * the global object's property (`globalThis.eval`, `window['eval']`) and `eval` passed or
 * stored as a value. A string run through eval is code that no rule has read.
 * Keys built at run time (`window['ev' + 'al']`) are no-computed-eval's concern.
 */
export const noEval: Rule = {
  meta: {
    id: 'no-eval',
    severity: 'error',
    category: 'dynamic-code',
    description:
      'Running a string as code with eval, directly, indirectly or through the global object.',
  },
  create(context) {
    const report = foundReporter(context, why);
    return {
      Identifier(node) {
        if (node.name !== 'eval' || !isReference(node)) return;
        report(node, describeUse(node));
      },
      MemberExpression(node) {
        // A key built at run time (`window['ev' + 'al']`) is no-computed-eval's to report.
        if (node.computed === true && staticString(node.property as Node) === undefined) return;
        // The key first: it is one step, and the global object behind it up to 16.
        if (propertyName(node) !== 'eval') return;
        // globalName only names a member when its object is the global object.
        if (globalName(node) === 'eval') report(node, memberPath(node) ?? 'the global eval');
      },
    };
  },
};
