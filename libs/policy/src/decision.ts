import { z } from 'zod';

/** What the policy is asked: the request, the validator's findings and what the code needs. */
export const decisionInputSchema = z.object({
  request: z.object({
    tenant: z.string().min(1),
    user: z.string().optional(),
    agent: z.string().optional(),
    capabilities: z.array(z.string()).optional(),
    runtime: z.enum(['auto', 'isolate', 'container']).optional(),
    limits: z.record(z.string(), z.number()).optional(),
  }),
  findings: z.array(
    z.object({
      ruleId: z.string(),
      severity: z.enum(['error', 'warning']),
      message: z.string(),
    }),
  ),
  needs: z.object({
    modules: z.array(z.string()),
    hosts: z.array(z.string()),
    capabilities: z.array(z.string()),
  }),
});

export type DecisionInput = z.infer<typeof decisionInputSchema>;

/** The shape every policy's `decision` must have; anything else is refused (fail closed). */
export const decisionSchema = z.strictObject({
  allow: z.boolean(),
  reasons: z.array(z.string()),
  executor: z.enum(['isolate', 'container']),
  capabilities: z.array(z.string()),
  /** Egress allow-list patterns: `host`, `host:port`, `*.example.com`. */
  hosts: z.array(z.string()),
  /** Secret name → the hosts it may be sent to. */
  secrets: z.record(z.string(), z.array(z.string())),
  /** Limit name (`timeoutMs`, `memoryMb`, …) → its value. */
  limits: z.record(z.string(), z.number().nonnegative()),
});

export type Decision = z.infer<typeof decisionSchema>;

/** The decision given when the policy cannot be evaluated or answers nonsense. */
export function denial(reason: string): Decision {
  return {
    allow: false,
    reasons: [reason],
    executor: 'isolate',
    capabilities: [],
    hosts: [],
    secrets: {},
    limits: {},
  };
}
