import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { isConstantTruthy, loopHasExit } from './support/control-flow.js';

function loopHeader(loop: Node): string | undefined {
  const test = loop.test as Node | null;
  if (loop.type === 'ForStatement') {
    if (test === null) return 'for (;;)';
    return isConstantTruthy(test) ? 'for (;true;)' : undefined;
  }
  if (!isConstantTruthy(test)) return undefined;
  return loop.type === 'WhileStatement' ? 'while (true)' : 'do … while (true)';
}

/**
 * Flags loops whose condition is always true (`while (true)`, `while (1)`, `for (;;)`,
 * `do … while (true)`) and whose body has no way out: no `break` that leaves it, no
 * `return`, `throw` or `process.exit()`. Such a loop holds the thread until the executor's
 * time limit kills the run, and meanwhile costs a whole CPU.
 *
 * A loop that yields or awaits is accepted: a generator runs one step per value its
 * consumer asks for, and an async loop gives the event loop back at every `await`, so
 * both are paced by other code and the time limit stops them cleanly. A loop whose
 * condition is not a constant is out of scope, as is an exit hidden in a called function.
 */
export const noInfiniteLoop: Rule = {
  meta: {
    id: 'no-infinite-loop',
    severity: 'error',
    category: 'resources',
    description:
      'Loops with a constant true condition and no break, return, throw, yield or await.',
  },
  create(context) {
    const check = (node: Node): void => {
      const header = loopHeader(node);
      if (header === undefined || loopHasExit(node)) return;
      context.report({
        node,
        message: `Found a \`${header}\` loop with no break, return, throw, yield or await in its body, so it never ends and holds the CPU until the time limit kills the run. Give it a condition that becomes false, or break out when the work is done.`,
      });
    };
    return { WhileStatement: check, DoWhileStatement: check, ForStatement: check };
  },
};
