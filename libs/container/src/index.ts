export { labelKeys } from './labels.js';
export { openExecTunnel } from './preview/exec-tunnel.js';
export {
  defaultSandboxLimits,
  type CreateSandboxOptions,
  type ExecOptions,
  type ExecResult,
  type FileEntry,
  type ProcessInfo,
  type SandboxEgress,
  type SandboxInfo,
  type SandboxLimits,
  type SandboxService,
} from './types.js';
