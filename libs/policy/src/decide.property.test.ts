import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDecider, defaultPolicyPath } from './decide.js';
import { decisionSchema } from './decision.js';
import type { DecisionInput } from './decision.js';
import { loadPolicy } from './loader.js';

interface TierSettings {
  capabilities: string[];
  limits: Record<string, number>;
}

const settings = loadPolicy([defaultPolicyPath]).data as {
  tiers: Record<string, TierSettings>;
  tenants: Record<string, Partial<TierSettings> & { tier: string }>;
};

function tenantSettings(tenant: string): TierSettings {
  const entry = settings.tenants[tenant];
  const tier = settings.tiers[entry?.tier ?? 'default'] as TierSettings;
  return { ...tier, ...entry };
}

const capability = fc.constantFrom('log', 'kv', 'sql', 'fetch', 'shell');
const ruleId = fc.constantFrom('no-eval', 'no-fs-module', 'no-process-env', 'no-infinite-loop');
const limitName = fc.constantFrom('timeoutMs', 'memoryMb', 'diskMb', 'maxProcesses', 'other');

const decisionInput: fc.Arbitrary<DecisionInput> = fc.record({
  request: fc.record(
    {
      tenant: fc.oneof(fc.constantFrom('demo', 'nobody'), fc.string({ minLength: 1 })),
      capabilities: fc.uniqueArray(capability),
      runtime: fc.constantFrom('auto' as const, 'isolate' as const, 'container' as const),
      limits: fc.dictionary(limitName, fc.nat({ max: 10_000_000 })),
    },
    { requiredKeys: ['tenant'] },
  ),
  findings: fc.array(
    fc.record({
      ruleId,
      severity: fc.constantFrom('error' as const, 'warning' as const),
      message: fc.string(),
    }),
    { maxLength: 4 },
  ),
  needs: fc.record({
    modules: fc.array(fc.constantFrom('lodash', 'node:fs'), { maxLength: 2 }),
    hosts: fc.array(fc.domain(), { maxLength: 2 }),
    capabilities: fc.uniqueArray(capability),
  }),
});

const tolerated = new Set(['no-fs-module', 'no-child-process', 'no-process-env']);

describe('decide() over any well-formed request (default policy)', () => {
  const decider = createDecider();

  it('answers a valid decision that grants no more than tenant and request allow', () => {
    fc.assert(
      fc.property(decisionInput, (input) => {
        const decision = decider.decide(input);
        expect(decisionSchema.safeParse(decision).success).toBe(true);

        const tenant = tenantSettings(input.request.tenant);
        const asked = input.request.capabilities ?? input.needs.capabilities;
        for (const c of decision.capabilities) {
          expect(tenant.capabilities).toContain(c);
          expect(asked).toContain(c);
        }
        for (const [name, value] of Object.entries(decision.limits)) {
          expect(value).toBeLessThanOrEqual(tenant.limits[name] as number);
        }
        if (decision.executor === 'isolate' && !decision.capabilities.includes('fetch')) {
          expect(decision).toMatchObject({ hosts: [], secrets: {} });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('denies every error-level finding a container does not make harmless', () => {
    fc.assert(
      fc.property(decisionInput, (input) => {
        const decision = decider.decide(input);
        const blocking = input.findings.some(
          (f) =>
            f.severity === 'error' &&
            !(decision.executor === 'container' && tolerated.has(f.ruleId)),
        );
        if (blocking) expect(decision.allow).toBe(false);
        expect(decision.allow).toBe(decision.reasons.length === 0);
      }),
      { numRuns: 300 },
    );
  });
});
