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
import { noConstructorChain } from './no-constructor-chain.js';
import { noPrepareStackTrace } from './no-prepare-stack-trace.js';
import { noCalleeCaller } from './no-callee-caller.js';
import { noProtoMutation } from './no-proto-mutation.js';
import { noBuiltinPrototypeMutation } from './no-builtin-prototype-mutation.js';
import { noInfiniteLoop } from './no-infinite-loop.js';
import { noUnboundedRecursion } from './no-unbounded-recursion.js';
import { noGiantAllocation } from './no-giant-allocation.js';
import { noHardcodedCloudKeys } from './no-hardcoded-cloud-keys.js';
import { noHardcodedTokens } from './no-hardcoded-tokens.js';
import { noPrivateKeys } from './no-private-keys.js';
import { noHighEntropySecrets } from './no-high-entropy-secrets.js';

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
  // sandbox escape
  noConstructorChain,
  noPrepareStackTrace,
  noCalleeCaller,
  noProtoMutation,
  noBuiltinPrototypeMutation,
  // resources
  noInfiniteLoop,
  noUnboundedRecursion,
  noGiantAllocation,
  // secrets
  noHardcodedCloudKeys,
  noHardcodedTokens,
  noPrivateKeys,
  noHighEntropySecrets,
  // obfuscation
  noEncodedDynamicCode,
  noLongEncodedLiterals,
  // packages
  noUnknownPackages,
];
