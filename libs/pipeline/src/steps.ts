import type { Finding } from '@airlock/core';
import type { ExecutionResult, IsolateLimits } from '@airlock/isolate';
import type { Decision, DecisionInput } from '@airlock/policy';
import type { CodeNeeds, Validator } from '@airlock/validator';
import type { PipelineRequest } from './request.js';
import type { PipelineDecision, PipelineResult } from './result.js';

export interface Checked {
  findings: Finding[];
  needs: CodeNeeds;
}

const noNeeds: CodeNeeds = { modules: [], hosts: [], capabilities: [] };

/** The validator's findings and needs; nothing at all when validation is skipped. */
export function check(validator: Validator, request: PipelineRequest): Checked {
  if (request.validate === false) return { findings: [], needs: noNeeds };
  const { findings, needs } = validator.validate(request.code, { language: request.language });
  return { findings, needs };
}

/** What the policy is asked: the request without its code and input, findings and needs. */
export function policyInput(request: PipelineRequest, checked: Checked): DecisionInput {
  const { tenant, user, agent, capabilities, runtime, limits } = request;
  const asked = { tenant, user, agent, capabilities, runtime, limits };
  const defined = Object.entries(asked).filter(([, value]) => value !== undefined);
  return {
    request: Object.fromEntries(defined) as DecisionInput['request'],
    findings: checked.findings.map(({ ruleId, severity, message }) => ({
      ruleId,
      severity,
      message,
    })),
    needs: checked.needs,
  };
}

export function summarize(decision: Decision, applied?: IsolateLimits): PipelineDecision {
  const { allow, executor, reasons, capabilities } = decision;
  const limits = applied === undefined ? decision.limits : { ...decision.limits, ...applied };
  return { allow, executor, reasons, capabilities, limits };
}

const noUsage: ExecutionResult['usage'] = {
  cpuMs: 0,
  wallMs: 0,
  heapBytes: 0,
  capabilityCalls: {},
};

/** The answer to a request that is refused before anything runs. */
export function deniedResult(
  executionId: string,
  checked: Checked,
  decision: PipelineDecision,
): PipelineResult {
  return {
    executionId,
    status: 'denied',
    logs: [],
    error: { name: 'DeniedError', message: decision.reasons.join('; ') },
    usage: { ...noUsage, capabilityCalls: {} },
    ...checked,
    decision,
  };
}
