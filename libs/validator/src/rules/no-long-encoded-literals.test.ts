import { testRule } from '../test-helpers.js';
import { noLongEncodedLiterals } from './no-long-encoded-literals.js';

// Fixed pseudo-random bytes, so the blobs look like real encoded data and never change.
const bytes = Buffer.from(Array.from({ length: 240 }, (_, i) => (i * 167 + 13) % 256));
const base64Blob = bytes.toString('base64');
const hexBlob = bytes.subarray(0, 120).toString('hex');
const wrappedBase64 = base64Blob.match(/.{1,76}/g)?.join('\n') ?? '';
const escapedCode = [...'require("child_process")']
  .map((c) => `\\x${c.charCodeAt(0).toString(16)}`)
  .join('');

const prose = 'The quick brown fox jumps over the lazy dog while the validator reads. '.repeat(4);
const longUrl = `https://example.com/search?q=${'airlock+validator+rules+'.repeat(12)}`;
const svgPath = 'M10 10 L90 90 C 20 20, 40 20, 50 10 S 80 80 90 10 Q 95 80 100 20 T 120 40 '.repeat(
  4,
);
const users = Array.from({ length: 8 }, (_, id) => ({ id, name: `user${id}`, active: true }));

testRule(noLongEncodedLiterals, {
  valid: [
    // Long prose has spaces and punctuation.
    `const text = '${prose}';`,
    // A long URL is a URL, even with long query parameters.
    `const url = '${longUrl}';`,
    // An SVG path is letters and digits, but separated by spaces.
    `const d = '${svgPath}';`,
    // Data-looking JSON is full of quotes, braces and colons.
    `const seed = '${JSON.stringify({ users })}';`,
    // Short base64 is an id or a token, not a payload.
    "const id = 'ZXZhbA==';",
    // An image as a data URL is media, not code.
    `const icon = 'data:image/png;base64,${base64Blob}';`,
    // Below the configured threshold.
    { code: `const b = '${base64Blob}';`, options: { minLength: 1000 } },
    // A few escapes are normal.
    "const tab = '\\x09\\x0a\\u00e9';",
  ],
  invalid: [
    `const payload = '${base64Blob}';`,
    `const blob = '${hexBlob}';`,
    // Base64 wrapped at 76 characters is still one blob.
    `const pem = \`${wrappedBase64}\`;`,
    // Escapes that spell code, in the raw source.
    `const s = '${escapedCode}';`,
    // A data URL that carries a script is not media.
    `import('data:text/javascript;base64,${base64Blob}');`,
    { code: `const key: string = '${base64Blob}';`, language: 'typescript' },
  ],
});
