import { testRule } from '../test-helpers.js';
import { noVmModule } from './no-vm-module.js';

testRule(noVmModule, {
  valid: [
    // vm2 and similar are packages, not the builtin.
    "import { VM } from 'vm2';",
    // A local module file.
    "import { run } from './vm.js';",
    // A variable named module is not an import of it.
    'module.exports = { run };',
    { code: "import type { Context } from 'node:vm';", language: 'typescript' },
  ],
  invalid: [
    "import vm from 'vm';",
    "const { Worker } = require('worker_threads');",
    "import inspector from 'node:inspector';",
    "import { Session } from 'inspector/promises';",
    "import { createRequire } from 'node:module';",
    "import v8 from 'v8';",
    "const repl = await import('node:repl');",
    { code: "import { runInNewContext } from 'node:vm';", language: 'typescript' },
  ],
});
