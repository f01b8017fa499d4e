import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { assignedName, isAwsSecretName } from './support/secret-names.js';
import {
  findSecrets,
  joinLabels,
  looksRandom,
  stringTextVisitors,
} from './support/secret-patterns.js';

/** An AWS secret access key alone: 40 characters of base64 with no marker around it. */
const bareAwsSecret = /^[A-Za-z0-9/+]{40}$/;

function messageFor(found: string): string {
  return `Found ${found} in a string literal. Cloud credentials must never be in code: revoke this key, remove it, and ask for a capability whose credentials the egress proxy adds outside the sandbox.`;
}

function isNamedAwsSecret(node: Node, text: string): boolean {
  if (!bareAwsSecret.test(text) || !looksRandom(text) || text.includes('EXAMPLE')) return false;
  const name = assignedName(node);
  return name !== undefined && isAwsSecretName(name);
}

/**
 * Flags cloud provider credentials in string and template literals: AWS access key ids
 * (`AKIA…`, `ASIA…`), AWS secret access keys (in `aws_secret_access_key = …` text, or
 * assigned to a name with the words aws and secret), Google API keys (`AIza…`), Azure
 * storage and service bus keys (`AccountKey=…`, `SharedAccessKey=…`) and Stripe live keys
 * (`sk_live_…`, `rk_live_…`). Keys published as documentation examples (those containing
 * `EXAMPLE`, and the Azurite emulator key) are accepted.
 */
export const noHardcodedCloudKeys: Rule = {
  meta: {
    id: 'no-hardcoded-cloud-keys',
    severity: 'error',
    category: 'secrets',
    description: 'AWS, Google, Azure and Stripe credentials written into the code.',
  },
  create(context) {
    return stringTextVisitors((node, text) => {
      const labels = findSecrets(text, 'cloud-key');
      if (labels.length === 0 && isNamedAwsSecret(node, text)) {
        labels.push('an AWS secret access key');
      }
      if (labels.length > 0) context.report({ node, message: messageFor(joinLabels(labels)) });
    });
  },
};
