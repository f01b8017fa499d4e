export {
  ensureSandboxImage,
  type EnsureImageOptions,
  type ImageBuildProgress,
} from './image/build-image.js';
export { checkDockerEngine, dockerClient } from './image/engine.js';
export { ImageBuildError, type ImageBuildStep } from './image/image-build-error.js';
export { listAirlockImages, removeAirlockImage, type AirlockImage } from './image/list-images.js';
export {
  baseImageRepo,
  defaultDebianMirror,
  dockerfile,
  imageTags,
  recipeHash,
  sandboxImageRepo,
  sandboxRecipe,
  type ImageRecipe,
} from './image/recipe.js';
export { ContainerCodeExecutor, type SandboxEgressIssuer } from './code-executor.js';
export { ensureEgressNetwork, guardBridge, type EgressNetwork } from './egress/egress-network.js';
export { labelKeys } from './labels.js';
export { ContainerExecutor, type ContainerExecutorOptions } from './sandbox/container-executor.js';
export { openAgentTunnel } from './preview/agent-tunnel.js';
export { PreviewRegistry } from './preview/preview-registry.js';
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
