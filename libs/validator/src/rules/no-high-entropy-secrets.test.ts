import { testRule } from '../test-helpers.js';
import { noHighEntropySecrets } from './no-high-entropy-secrets.js';

testRule(noHighEntropySecrets, {
  valid: [
    // Low entropy: repeated words are not random.
    "const password = 'changeme-changeme';",
    "const token = '<your-token-here>';",
    "const apiKey = 'xxxxxxxxxxxxxxxxxxxxxxxx';",
    'const secret = `${TOKEN}`;',
    "const secret = '${TOKEN_FROM_VAULT_2024}';",
    // High entropy under a name that does not say secret.
    "const id = 'a8F3kQ9zLm2Xp7Rt';",
    'const config = { password: process.env.X };',
    // Names that describe a secret rather than hold one.
    "const tokenUrl = 'https://auth.example.com/oauth2/v2.0/token';",
    "const passwordField = 'input[name=pw1]#x9Zq';",
    // Shorter than minLength.
    "const pin = 'a8F3kQ9z';",
    "const authorName = 'Grace Hopper and Ada Lovelace';",
    // A tokenizer's token holds words run together, not key material.
    "lastSignificantToken = '?NonExpressionParenEnd';",
    "nextToken = '?InterpolationInJSX';",
    // 16 distinct characters give 4 bits per character, under a raised threshold.
    {
      code: "const secret: string = 'a8F3kQ9zLm2Xp7Rt';",
      language: 'typescript',
      options: { minEntropy: 4.5 },
    },
    { code: 'const apiKey: string = readKey();', language: 'typescript' },
  ],
  invalid: [
    "const password = 'a8F3kQ9zLm2Xp7Rt';",
    // Letters only, but in runs too short to be words.
    "const secret = 'kXqLmNpRtVwYzBcDfG';",
    "const DB_PASSWORD = 'Tr0ub4dor&3xQ!zLp9';",
    "const config = { apiKey: 'k9Xq2Lm7Np4Rt8Vw3Yz' };",
    "settings.api_key = 'k9Xq2Lm7Np4Rt8Vw3Yz';",
    "const creds = { 'x-api-key': 'k9Xq2Lm7Np4Rt8Vw3Yz' };",
    "class Client { accessKey = 'k9Xq2Lm7Np4Rt8Vw3Yz'; }",
    "function connect(privateKey = 'k9Xq2Lm7Np4Rt8Vw3Yz') { return privateKey; }",
    'const authToken = `k9Xq2Lm7Np4Rt8Vw3Yz`;',
    "let credential; credential = 'k9Xq2Lm7Np4Rt8Vw3Yz';",
    // A lowered length threshold catches shorter values.
    { code: "const secret = 'k9Xq2Lm7Np';", options: { minLength: 10, minEntropy: 3 } },
    {
      code: "class Api { private readonly apiKey: string = 'k9Xq2Lm7Np4Rt8Vw3Yz'; }",
      language: 'typescript',
    },
    { code: 'const el = <Widget apiKey="k9Xq2Lm7Np4Rt8Vw3Yz" />;', language: 'jsx' },
  ],
});
