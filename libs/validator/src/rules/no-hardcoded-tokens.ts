import type { Rule } from '../rule.js';
import { findSecrets, joinLabels, stringTextVisitors } from './support/secret-patterns.js';

/**
 * Flags API tokens in string and template literals: GitHub (`ghp_`, `gho_`, `ghu_`,
 * `ghs_`, `ghr_`, `github_pat_`), Slack (`xoxb-`, `xoxp-`, …), OpenAI and Anthropic style
 * `sk-` keys of realistic length, npm (`npm_`), JSON Web Tokens, and bearer tokens written
 * into an `Authorization` value. Prefixes alone, prose and values built from a variable
 * (`'Bearer ' + token`) are accepted.
 */
export const noHardcodedTokens: Rule = {
  meta: {
    id: 'no-hardcoded-tokens',
    severity: 'error',
    category: 'secrets',
    description:
      'GitHub, Slack, OpenAI, Anthropic, npm, JWT and bearer tokens written into the code.',
  },
  create(context) {
    return stringTextVisitors((node, text) => {
      const labels = findSecrets(text, 'token');
      if (labels.length === 0) return;
      context.report({
        node,
        message: `Found ${joinLabels(labels)} in a string literal. Tokens must never be in code: revoke this one, remove it, and ask for a capability whose token the egress proxy adds outside the sandbox.`,
      });
    });
  },
};
