import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { ScopedNames } from './support/scoped-names.js';
import { isStringLike } from './support/string-like.js';
import { globalName } from './support/fold.js';
import { argumentsOf } from './support/nodes.js';

export const timerNames: ReadonlySet<string> = new Set([
  'setTimeout',
  'setInterval',
  'setImmediate',
]);

/**
 * Flags timers given code as a string (`setTimeout('run()', 10)`): a timer evaluates a
 * string argument as eval does. A string is recognised by its shape (literal, template,
 * concatenation, `String(x)`, `parts.join('')`) or as a `const` holding one.
 */
export const noStringTimer: Rule = {
  meta: {
    id: 'no-string-timer',
    severity: 'error',
    category: 'dynamic-code',
    description: 'Passing a string of code to setTimeout, setInterval or setImmediate.',
  },
  create(context) {
    const strings = new ScopedNames<true>();
    const lookup = (name: string): string | undefined => (strings.get(name) ? '' : undefined);

    return {
      ...strings.constantVisitors((init) => (isStringLike(init, { lookup }) ? true : undefined)),
      CallExpression(node) {
        const timer = globalName(node.callee as Node);
        const [first] = argumentsOf(node);
        if (timer === undefined || !timerNames.has(timer) || !first) return;
        if (!isStringLike(first, { lookup })) return;
        context.report({
          node,
          message:
            `Found ${timer} called with a string: timers run a string argument as code, ` +
            `like eval. Pass a function instead, for example ${timer}(() => run(), ms).`,
        });
      },
    };
  },
};
