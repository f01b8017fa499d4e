import type { Rule } from '../rule.js';
import { moduleBanRule } from './support/module-imports.js';

/** Flags imports of `child_process` and `cluster`, which start processes on the host. */
export const noChildProcess: Rule = moduleBanRule({
  meta: {
    id: 'no-child-process',
    severity: 'error',
    category: 'host-access',
    description: 'Importing child_process or cluster to start processes.',
  },
  modules: ['child_process', 'cluster'],
  advice:
    "Starting processes escapes the isolate and runs programs with the host's rights. " +
    'Do the work in JavaScript, or ask the policy for the container executor.',
});
