import type { RuleMeta } from './rule.js';

/**
 * Findings that come from the checks before and around the rule walk rather than from a
 * rule: limits, encoding, parsing. They have ids and doc pages like rules, so reports and
 * SARIF can describe them, but they cannot be turned off; limits are configured instead.
 */
export const inputChecks: readonly RuleMeta[] = [
  {
    id: 'max-size',
    severity: 'error',
    category: 'input',
    description: 'The input is larger than limits.maxBytes (256 KiB by default).',
  },
  {
    id: 'max-lines',
    severity: 'error',
    category: 'input',
    description: 'The input has more lines than limits.maxLines (10,000 by default).',
  },
  {
    id: 'invalid-utf8',
    severity: 'error',
    category: 'input',
    description: 'The input is not valid UTF-8.',
  },
  {
    id: 'no-nul-bytes',
    severity: 'error',
    category: 'input',
    description: 'The input contains a NUL byte.',
  },
  {
    id: 'no-bidi-characters',
    severity: 'error',
    category: 'input',
    description: 'The input contains Unicode bidirectional controls (Trojan Source).',
  },
  {
    id: 'syntax-error',
    severity: 'error',
    category: 'input',
    description: 'The input does not parse in its language.',
  },
  {
    id: 'rule-failure',
    severity: 'warning',
    category: 'input',
    description: 'A rule failed on this input; the other rules still ran.',
  },
];
