import type { Rule } from '../rule.js';
import { moduleBanRule } from './support/module-imports.js';

/** Flags imports of the modules that create code, contexts or threads of their own. */
export const noVmModule: Rule = moduleBanRule({
  meta: {
    id: 'no-vm-module',
    severity: 'error',
    category: 'host-access',
    description: 'Importing vm, worker_threads, inspector, module, v8 or repl.',
  },
  modules: ['vm', 'worker_threads', 'inspector', 'inspector/promises', 'module', 'v8', 'repl'],
  advice:
    'These modules compile code, load modules, open debuggers or start threads outside ' +
    'the sandbox, where no limit or rule applies. Write plain functions and call them directly.',
});
