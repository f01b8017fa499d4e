/**
 * Whether a tenant may have a sandbox, and with which limits: the same policy that decides
 * executions is asked for `runtime: "container"`. A denial is a 403 carrying the policy's
 * reasons; limits asked for beyond the decision are clamped to it.
 */
import { AirlockError, ErrorCode } from '@airlock/core';
import type { SandboxLimits } from '@airlock/container';
import type { Decider } from '@airlock/policy';

export type RequestedSandboxLimits = Partial<
  Pick<SandboxLimits, 'memoryMb' | 'maxProcesses' | 'diskMb' | 'maxLifetimeMs'>
>;

/** Decision limit names → sandbox limit names. */
const decidedLimitOf: [keyof RequestedSandboxLimits, string][] = [
  ['memoryMb', 'memoryMb'],
  ['maxProcesses', 'maxProcesses'],
  ['diskMb', 'diskMb'],
  ['maxLifetimeMs', 'wallTimeMs'],
];

export interface SandboxDecision {
  limits: Partial<SandboxLimits>;
  /** Hosts the sandbox may reach through the proxy, and secrets by host pattern. */
  hosts: string[];
  secrets: Record<string, string[]>;
}

export function decideSandbox(
  decider: Decider,
  tenant: string,
  requested: RequestedSandboxLimits = {},
): SandboxDecision {
  const decision = decider.decide({
    request: { tenant, runtime: 'container' },
    findings: [],
    needs: { modules: [], hosts: [], capabilities: [] },
  });
  if (!decision.allow || decision.executor !== 'container') {
    const reason = decision.reasons[0] ?? 'the policy does not give this tenant containers';
    throw new AirlockError(ErrorCode.Forbidden, `tenant: ${reason}`, {
      context: { field: 'tenant', reasons: decision.reasons },
      hint: "A tenant's tier must allow the container executor (settings.yaml, executors).",
    });
  }
  const limits: Partial<SandboxLimits> = {};
  for (const [name, decided] of decidedLimitOf) {
    const ceiling = decision.limits[decided];
    const asked = requested[name];
    if (ceiling === undefined) continue;
    limits[name] = Math.min(asked ?? ceiling, ceiling);
  }
  return { limits, hosts: decision.hosts, secrets: decision.secrets };
}
