import { testRule } from '../test-helpers.js';
import { noProcessEnv } from './no-process-env.js';

testRule(noProcessEnv, {
  valid: [
    'const env = { HOME: "/tmp" }; env.HOME;',
    // A property named env on something other than process is fine.
    'config.env.mode;',
    'const { env } = context;',
    'export default (input, env) => env.log.info("hi");',
  ],
  invalid: [
    'const key = process.env.OPENAI_API_KEY;',
    'const all = process.env;',
    'const { env } = process;',
    'globalThis.process.env.HOME;',
    "process['env'].SECRET;",
    { code: 'const k: string = process.env.KEY ?? "";', language: 'typescript' },
  ],
});
