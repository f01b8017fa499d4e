export { codeHash } from './audit-event.js';
export { isolateLimitsFor } from './limits.js';
export {
  containerUnavailable,
  createPipeline,
  egressUnavailable,
  type ContainerRunner,
  type Pipeline,
  type PipelineCodeStore,
  type PipelineOptions,
} from './pipeline.js';
export {
  parseRequest,
  parseStrict,
  pipelineRequestSchema,
  requestLimitsSchema,
  type PipelineRequest,
  type RequestLimits,
} from './request.js';
export type { PipelineDecision, PipelineResult } from './result.js';
