import { testRule } from '../test-helpers.js';
import { noEncodedDynamicCode } from './no-encoded-dynamic-code.js';

testRule(noEncodedDynamicCode, {
  valid: [
    // Decoding data and using it as data.
    'const raw = atob(payload); render(raw);',
    'const config = JSON.parse(atob(encoded));',
    "console.log(Buffer.from(s, 'base64').toString());",
    // eval of something that was never decoded is no-eval's, not this rule's.
    'eval(source);',
    // The decoded variable lives in another function; the eval sees its own parameter.
    'function a() { const text = atob(x); return text; } function b(text) { eval(text); }',
    // A timer's callback decodes later, as data; nothing encoded is run as code.
    'setTimeout(() => show(atob(x)), 10);',
    // utf8 is not an encoding that hides anything.
    "eval(Buffer.from(s, 'utf8').toString());",
  ],
  invalid: [
    'eval(atob(payload));',
    "new Function(Buffer.from(hex, 'hex').toString())();",
    'setTimeout(decodeURIComponent(s), 0);',
    'import(String.fromCharCode(...codes));',
    // Decoded into a variable first, then run in the same function.
    'const src = atob(blob); eval(src);',
    'function go() { let body; body = unescape(s); Function(body)(); }',
    // Nested inside the argument.
    "eval('(' + atob(data) + ')');",
    "globalThis.eval(Buffer.from(x, 'base64').toString('utf8'));",
    "vm.runInThisContext(Buffer.from(x, 'base64').toString());",
    { code: 'const code: string = atob(input as string); eval(code);', language: 'typescript' },
  ],
});
