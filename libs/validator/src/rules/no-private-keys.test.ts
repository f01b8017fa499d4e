import { testRule } from '../test-helpers.js';
import { noPrivateKeys } from './no-private-keys.js';

/* Armour lines are assembled so this file does not itself read as holding a key. */
const dashes = '-----';
const armour = (label: string): string => `${dashes}BEGIN ${label}${dashes}`;
const body = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun';

testRule(noPrivateKeys, {
  valid: [
    `const pub = '${armour('PUBLIC KEY')}\\n${body}';`,
    `const cert = \`${armour('CERTIFICATE')}\n${body}\`;`,
    // A parser looking for the armour line holds no key.
    `if (pem.startsWith('${armour('RSA PRIVATE KEY')}')) parse(pem);`,
    `const isKey = line === '${armour('PRIVATE KEY')}';`,
    // Comments are not in the syntax tree: nothing to flag in code.
    `// ${armour('PRIVATE KEY')}\nconst x = 1;`,
    // The key itself comes from a variable.
    'const pem = `${header}\\n${keyBody}`;',
    { code: `const kind: string = 'PRIVATE KEY';`, language: 'typescript' },
  ],
  invalid: [
    `const key = '${armour('RSA PRIVATE KEY')}\\n${body}';`,
    `const key = \`${armour('PRIVATE KEY')}\n${body}\n\`;`,
    `const key = "${armour('EC PRIVATE KEY')}\\n${body}";`,
    `const key = '${armour('OPENSSH PRIVATE KEY')}\\n${body}';`,
    `const key = '${armour('ENCRYPTED PRIVATE KEY')}\\n${body}';`,
    `const key = '${armour('PGP PRIVATE KEY BLOCK')}\\n\\n${body}';`,
    // Split across concatenation: the armour line on its own, not searched for, still leaks.
    `const key = '${armour('RSA PRIVATE KEY')}\\n' + '${body}';`,
    // Inside a template with an expression elsewhere.
    `const key = \`${armour('DSA PRIVATE KEY')}\n${body}\${rest}\`;`,
    { code: `const key: string = '${armour('PRIVATE KEY')}\\n${body}';`, language: 'typescript' },
  ],
});
