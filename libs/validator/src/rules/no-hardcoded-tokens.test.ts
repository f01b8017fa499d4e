import { testRule } from '../test-helpers.js';
import { noHardcodedTokens } from './no-hardcoded-tokens.js';

/* Tokens are assembled from parts so this file does not itself read as a leak. */
const body36 = 'Xq7Lm2Np9Rt4Vw8Yz3Bc6Df1Gh5Jk0Mn2Pq4';
const github = ['ghp', '_', body36].join('');
const fineGrained = ['github', '_pat_', '11ABCDE2F0', body36, 'xY9_zW8'].join('');
const slack = ['xoxb', '-', '123456789012-1234567890123-', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('');
const openai = ['sk', '-proj-', body36, 'Ab3Cd'].join('');
const anthropic = ['sk', '-ant-api03-', body36, 'Ef5Gh'].join('');
const npm = ['npm', '_', body36].join('');
const jwt = [
  'eyJhbGciOiJIUzI1NiJ9',
  'eyJzdWIiOiJ1c2VyLTQyIiwicm9sZSI6ImFkbWluIn0',
  'Zm9vYmFyYmF6cXV4cXV1eA3n7Ak',
].join('.');

testRule(noHardcodedTokens, {
  valid: [
    "const headers = { Authorization: 'Bearer ' + token };",
    'const headers = { Authorization: `Bearer ${token}` };',
    "const help = 'OpenAI keys start with sk- and are secret';",
    "const prefix = 'ghp_';",
    // Kebab-case names after sk- are not random key material.
    "const cls = 'sk-button-primary-large-variant-rounded';",
    "const header = 'Bearer YOUR_ACCESS_TOKEN_GOES_HERE';",
    "const slackHelp = 'xoxb-your-bot-token';",
    // The sample token shown on jwt.io is public.
    "const sample = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';",
    { code: 'const auth: string = `Bearer ${env.token}`;', language: 'typescript' },
  ],
  invalid: [
    `const gh = '${github}';`,
    `const gh = "${fineGrained}";`,
    `const slack = '${slack}';`,
    `const client = new OpenAI({ apiKey: '${openai}' });`,
    `const key = \`${anthropic}\`;`,
    `const npmrc = '//registry.npmjs.org/:_authToken=${npm}';`,
    `const session = '${jwt}';`,
    `const headers = { Authorization: 'Bearer ${jwt}' };`,
    "fetch(url, { headers: { Authorization: 'Bearer 7f3a9c2e1b8d4f6a0e5c9b2d7a1f' } });",
    { code: `const token: string = '${github}';`, language: 'typescript' },
  ],
});
