import type { Finding } from '@airlock/core';
import type { ExecutionResult, IsolateLimits } from '@airlock/isolate';
import type { CodeNeeds } from '@airlock/validator';

/** The part of the policy's decision a caller sees, with the limits actually applied. */
export interface PipelineDecision {
  allow: boolean;
  executor: 'isolate' | 'container';
  reasons: string[];
  capabilities: string[];
  /** The decision's limits; for an isolate run, the limits it ran with. */
  limits: Partial<IsolateLimits> & Record<string, number>;
}

/** One request's answer: the execution result with what led to it. */
export interface PipelineResult extends ExecutionResult {
  /** The validator's findings; empty when validation was skipped. */
  findings: Finding[];
  needs: CodeNeeds;
  decision: PipelineDecision;
}
