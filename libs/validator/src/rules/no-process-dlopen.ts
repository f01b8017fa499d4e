import type { Rule } from '../rule.js';
import { processMemberVisitors } from './support/process-members.js';

const dlopenMembers = new Set(['dlopen']);

/** Flags `process.dlopen`, which loads a native shared library into the host process. */
export const noProcessDlopen: Rule = {
  meta: {
    id: 'no-process-dlopen',
    severity: 'error',
    category: 'host-access',
    description: 'Loading a native library with process.dlopen.',
  },
  create(context) {
    return processMemberVisitors(dlopenMembers, (node) => {
      context.report({
        node,
        message:
          'Found process.dlopen: it loads native machine code that runs with the full rights ' +
          'of the host process. Use JavaScript, or a capability from env, instead.',
      });
    });
  },
};
