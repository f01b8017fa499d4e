import { testRule } from '../test-helpers.js';
import { noHardcodedCloudKeys } from './no-hardcoded-cloud-keys.js';

/*
 * Test keys are assembled from parts so this file does not itself look like it leaks a
 * credential to scanners; the rule sees the joined literal in each snippet.
 */
const awsId = ['AKIA', 'Q3EGRWZP', '5VXN4T2K'].join('');
const awsSecret = ['wZ7rT1pXq3mN8', 'bV4kL6sH9dF2j', 'G5cY0aE7uR3oQ1', 'xx'].join('').slice(0, 40);
const googleKey = ['AIza', 'SyB7fK2mQ9xLp4Rt8Wn3', 'Zc6Vd1Hs5Gj0Ty2'].join('');
const stripeKey = ['sk_', 'live_', '51HbY2nK8pQr4Xt7Wm9Zc3Vd'].join('');
const azureKey = ['AccountKey=', 'q3M8xK1pR7tW2nZ5vB9cL4hJ6', 'gF0sD3aY8uE1oI5=='].join('');

testRule(noHardcodedCloudKeys, {
  valid: [
    // The access key id from AWS documentation is public; keys containing EXAMPLE are accepted.
    "const id = 'AKIAIOSFODNN7EXAMPLE';",
    "const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';",
    "const note = 'AWS access key ids start with AKIA';",
    "const short = 'AKIA1234';",
    // A 40-character value under a name that does not say aws and secret.
    `const checksum = '${awsSecret}';`,
    // Test keys move no money: only live Stripe keys are flagged.
    "const stripe = 'sk_test_51HbY2nK8pQr4Xt7Wm9Zc3Vd';",
    'const conn = `DefaultEndpointsProtocol=https;AccountName=app;AccountKey=${key}`;',
    'const conn = "UseDevelopmentStorage=true";',
    { code: 'const region: string = "eu-west-1";', language: 'typescript' },
  ],
  invalid: [
    `const id = '${awsId}';`,
    `const creds = { accessKeyId: "${awsId.replace('AKIA', 'ASIA')}" };`,
    `const awsSecretAccessKey = '${awsSecret}';`,
    `config.AWS_SECRET_ACCESS_KEY = '${awsSecret}';`,
    `const ini = \`[default]\\naws_secret_access_key = ${awsSecret}\\n\`;`,
    `fetch('https://maps.example.com/api?key=${googleKey}');`,
    `const conn = 'DefaultEndpointsProtocol=https;AccountName=app;${azureKey}';`,
    `const stripe = require('stripe')('${stripeKey}');`,
    `const restricted = '${stripeKey.replace('sk_', 'rk_')}';`,
    { code: `const key: string = \`${googleKey}\`;`, language: 'typescript' },
  ],
});
