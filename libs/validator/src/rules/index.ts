import type { Rule } from '../rule.js';
import { noProcessEnv } from './no-process-env.js';

/** Every rule, in the order findings of the same position are reported. */
export const allRules: readonly Rule[] = [
  // host access
  noProcessEnv,
];
