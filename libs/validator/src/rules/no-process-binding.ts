import type { Rule } from '../rule.js';
import { processMemberVisitors } from './support/process-members.js';

const bindingMembers = new Set(['binding', '_linkedBinding']);

/**
 * Flags `process.binding` and `process._linkedBinding`, which hand out Node's internal
 * C++ modules (file system, TCP, processes) without the checks of the public modules.
 */
export const noProcessBinding: Rule = {
  meta: {
    id: 'no-process-binding',
    severity: 'error',
    category: 'host-access',
    description:
      "Reaching Node's internal bindings through process.binding or process._linkedBinding.",
  },
  create(context) {
    return processMemberVisitors(bindingMembers, (node, name) => {
      context.report({
        node,
        message:
          `Found process.${name}: it exposes Node's internal modules (files, sockets, ` +
          'processes) around every public API. Use a capability from env for what the code needs.',
      });
    });
  },
};
