import { testRule } from '../test-helpers.js';
import { noChildProcess } from './no-child-process.js';

testRule(noChildProcess, {
  valid: [
    // A local module whose file name looks alike.
    "import { run } from './child_process.js';",
    // A package with a similar name is the packages rule's concern.
    "import execa from 'child-process-promise';",
    // The name in a string that is not an import.
    "const label = 'child_process';",
    // A type-only import loads nothing at run time.
    { code: "import type { ChildProcess } from 'child_process';", language: 'typescript' },
  ],
  invalid: [
    "import { exec } from 'child_process';",
    "import cp from 'node:child_process';",
    "const { spawn } = require('child_process');",
    "const cp = await import('node:child_process');",
    "export { fork } from 'child_process';",
    "export * from 'node:cluster';",
    "import cluster from 'cluster';",
    // A specifier built from constants is still that module.
    "require('child_' + 'process');",
    { code: "import cp = require('child_process');", language: 'typescript' },
  ],
});
