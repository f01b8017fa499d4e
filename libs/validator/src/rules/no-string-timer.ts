import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { argumentsOf, globalName, unwrap } from './support/nodes.js';
import { ScopedNames } from './support/scoped-names.js';
import { isStringLike } from './support/string-like.js';

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
      ...strings.visitors(),
      VariableDeclarator(node) {
        const id = node.id as Node;
        if (id.type !== 'Identifier') return;
        const init = node.init as Node | null;
        const holdsString = init !== null && isStringLike(init, { lookup });
        strings.set(id.name as string, holdsString && node.parent?.kind === 'const' ? true : null);
      },
      CallExpression(node) {
        const timer = globalName(unwrap(node.callee as Node));
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
