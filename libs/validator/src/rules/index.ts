import type { Rule } from '../rule.js';
import { noProcessEnv } from './no-process-env.js';
import { noEval } from './no-eval.js';
import { noFunctionConstructor } from './no-function-constructor.js';
import { noStringTimer } from './no-string-timer.js';
import { noComputedEval } from './no-computed-eval.js';
import { noProcessBinding } from './no-process-binding.js';
import { noProcessDlopen } from './no-process-dlopen.js';
import { noChildProcess } from './no-child-process.js';
import { noFsModule } from './no-fs-module.js';
import { noNetworkModules } from './no-network-modules.js';
import { noVmModule } from './no-vm-module.js';
import { noDynamicRequire } from './no-dynamic-require.js';
import { noEncodedDynamicCode } from './no-encoded-dynamic-code.js';
import { noLongEncodedLiterals } from './no-long-encoded-literals.js';
import { noUnknownPackages } from './no-unknown-packages.js';

/** Every rule, in the order findings of the same position are reported. */
export const allRules: readonly Rule[] = [
  // dynamic code
  noEval,
  noFunctionConstructor,
  noStringTimer,
  noComputedEval,
  // host access
  noProcessEnv,
  noProcessBinding,
  noProcessDlopen,
  noChildProcess,
  noFsModule,
  noNetworkModules,
  noVmModule,
  noDynamicRequire,
  // obfuscation
  noEncodedDynamicCode,
  noLongEncodedLiterals,
  // packages
  noUnknownPackages,
];
