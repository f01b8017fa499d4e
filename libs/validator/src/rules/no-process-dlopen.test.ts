import { testRule } from '../test-helpers.js';
import { noProcessDlopen } from './no-process-dlopen.js';

testRule(noProcessDlopen, {
  valid: [
    // A dlopen method on another object (an FFI wrapper, say) is not process.dlopen.
    "ffi.dlopen('libc.so.6');",
    'const { dlopen } = lib;',
    // Only the member named dlopen counts.
    'process.dlopenCount;',
  ],
  invalid: [
    "process.dlopen(module, '/tmp/evil.node');",
    "process['dlopen'](module, path);",
    'const { dlopen } = process;',
    '({ dlopen: load } = globalThis.process);',
    "import { dlopen } from 'node:process';",
    { code: 'const load: Function = process.dlopen;', language: 'typescript' },
  ],
});
