import { testRule } from '../test-helpers.js';
import { noProcessBinding } from './no-process-binding.js';

testRule(noProcessBinding, {
  valid: [
    // A binding method on another object.
    'view.binding("model");',
    // Other process members are other rules' business, or harmless.
    'process.exitCode = 1;',
    'const { binding } = config;',
    "import { argv } from 'node:process';",
  ],
  invalid: [
    "process.binding('fs');",
    "process._linkedBinding('my_addon');",
    "process['binding']('spawn_sync');",
    "globalThis.process.binding('tcp_wrap');",
    // Destructuring takes the same function out.
    'const { binding } = process;',
    "const { _linkedBinding: lb } = require('node:process');",
    "import { binding } from 'process';",
    // A key built to spell the name.
    "process['bind' + 'ing']('fs');",
    { code: "(process as any).binding('fs');", language: 'typescript' },
  ],
});
