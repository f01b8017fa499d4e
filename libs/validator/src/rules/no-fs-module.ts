import type { Rule } from '../rule.js';
import { moduleBanRule } from './support/module-imports.js';

/** Flags imports of `fs` and `fs/promises`: isolates have no file system to grant. */
export const noFsModule: Rule = moduleBanRule({
  meta: {
    id: 'no-fs-module',
    severity: 'error',
    category: 'host-access',
    description: 'Importing fs or fs/promises to read or write files.',
  },
  modules: ['fs', 'fs/promises'],
  advice:
    "The fs module reads and writes the host's files. Keep state in the kv capability " +
    '(env.kv), or ask the policy for the container executor, which has a workspace of its own.',
});
