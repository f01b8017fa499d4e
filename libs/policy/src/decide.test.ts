import { InvalidInputError } from '@airlock/core';
import type { LogFields, Logger } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { createDecider } from './decide.js';
import type { DecisionInput } from './decision.js';
import { RegoPolicyEngine } from './rego-policy-engine.js';

/** A logger that keeps what it is given, so a test can read the decision events. */
function recordingLogger() {
  const events: Array<{ level: string } & LogFields> = [];
  const at =
    (level: string) =>
    (fields: LogFields): void =>
      void events.push({ level, ...fields });
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return { logger, events };
}

function input(
  request: DecisionInput['request'],
  needs: Partial<DecisionInput['needs']> = {},
  findings: DecisionInput['findings'] = [],
): DecisionInput {
  return { request, findings, needs: { modules: [], hosts: [], capabilities: [], ...needs } };
}

const defaultLimits = {
  timeoutMs: 1000,
  wallTimeMs: 5000,
  memoryMb: 64,
  maxOutputBytes: 1048576,
  maxCapabilityCalls: 100,
};

// A builder tenant that asks for nothing gets the safe defaults; the limits only in its
// tier (processes, disk) have no default and take the tier's maximum.
const builderLimits = { ...defaultLimits, maxProcesses: 64, diskMb: 1024 };

describe('decide() with the default policy', () => {
  const decider = createDecider();

  const cases: Array<{ name: string; input: DecisionInput; want: Record<string, unknown> }> = [
    {
      name: 'a builder tenant gets what it asked for, its hosts and its secret',
      input: input({ tenant: 'demo', capabilities: ['log', 'fetch'] }, { capabilities: ['fetch'] }),
      want: {
        allow: true,
        reasons: [],
        executor: 'isolate',
        capabilities: ['fetch', 'log'],
        hosts: ['*.example.com', 'api.github.com'],
        secrets: { github_token: ['api.github.com'] },
        limits: builderLimits,
      },
    },
    {
      name: 'an error-level finding denies',
      input: input({ tenant: 'demo' }, {}, [
        { ruleId: 'no-eval', severity: 'error', message: 'eval runs a string as code' },
      ]),
      want: { allow: false, reasons: ['validator: no-eval: eval runs a string as code'] },
    },
    {
      // Boundary: a warning is reported by the validator but never denies.
      name: 'a warning-level finding does not deny',
      input: input({ tenant: 'demo' }, {}, [
        { ruleId: 'no-long-encoded-literals', severity: 'warning', message: 'long' },
      ]),
      want: { allow: true, reasons: [] },
    },
    {
      name: 'a capability outside the tenant grant denies and is not granted',
      input: input({ tenant: 'demo', capabilities: ['log', 'sql'] }),
      want: {
        allow: false,
        capabilities: ['log'],
        reasons: ['capability "sql" is not granted to tenant "demo"'],
      },
    },
    {
      name: 'code that imports modules runs in a container, where fs findings are tolerated',
      input: input({ tenant: 'demo' }, { modules: ['lodash'] }, [
        { ruleId: 'no-fs-module', severity: 'error', message: 'reads the file system' },
      ]),
      want: { allow: true, executor: 'container', hosts: ['*.example.com', 'api.github.com'] },
    },
    {
      name: 'a default-tier tenant may not have a container',
      input: input({ tenant: 'stranger' }, { modules: ['lodash'] }),
      want: {
        allow: false,
        executor: 'isolate',
        reasons: ['tenant "stranger" may not use the container executor (tier "default")'],
      },
    },
    {
      // Boundary: asking for more than the maximum gets the maximum; less is kept.
      name: 'limits are clamped to the tier maximum',
      input: input({ tenant: 'demo', limits: { timeoutMs: 999_999, memoryMb: 128 } }),
      want: { allow: true, limits: { ...builderLimits, timeoutMs: 10000, memoryMb: 128 } },
    },
    {
      name: 'an unknown tenant gets the default tier: log only, no hosts, default limits',
      input: input({ tenant: 'nobody' }, { capabilities: ['log'] }),
      want: {
        allow: true,
        executor: 'isolate',
        capabilities: ['log'],
        hosts: [],
        secrets: {},
        limits: defaultLimits,
      },
    },
    {
      name: 'an isolate without fetch gets no hosts or secrets',
      input: input({ tenant: 'demo', capabilities: ['kv'] }),
      want: { allow: true, capabilities: ['kv'], hosts: [], secrets: {} },
    },
  ];

  it.each(cases)('$name', ({ input: given, want }) => {
    expect(decider.decide(given)).toMatchObject(want);
  });

  it('logs one decision event with outcome, tenant and duration', () => {
    const { logger, events } = recordingLogger();
    const logged = createDecider({ logger });
    logged.decide(input({ tenant: 'demo' }));
    logged.decide(input({ tenant: 'demo', capabilities: ['sql'] }));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ level: 'info', event: 'decision', outcome: 'allow' });
    expect(events[1]).toMatchObject({ event: 'decision', outcome: 'deny', tenant: 'demo' });
    expect(events[1]?.durationMs).toBeTypeOf('number');
  });

  const invalid: Array<{ name: string; raw: unknown; field: string }> = [
    { name: 'no request', raw: { findings: [], needs: {} }, field: 'request' },
    {
      // Boundary: the empty string is a string, but names no tenant.
      name: 'an empty tenant',
      raw: input({ tenant: '' }),
      field: 'request.tenant',
    },
    {
      name: 'a finding with an unknown severity',
      raw: input({ tenant: 'demo' }, {}, [
        { ruleId: 'x', severity: 'fatal', message: 'm' } as never,
      ]),
      field: 'findings.0.severity',
    },
    { name: 'not an object', raw: 'allow me', field: 'input' },
  ];

  it.each(invalid)('refuses $name with InvalidInputError naming $field', ({ raw, field }) => {
    let thrown: unknown;
    try {
      decider.decide(raw);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect((thrown as InvalidInputError).code).toBe('invalid_input');
    expect((thrown as InvalidInputError).message.startsWith(`${field}: `)).toBe(true);
  });
});

describe('decide() fails closed', () => {
  const valid = input({ tenant: 'demo' });

  function deciderFor(source: string, budget: { stepBudget?: number; timeBudgetMs?: number } = {}) {
    const modules = [
      { file: 'broken.rego', source: `package airlock\n\nimport rego.v1\n\n${source}` },
    ];
    const { logger, events } = recordingLogger();
    return {
      decider: createDecider({ engine: new RegoPolicyEngine({ modules }), logger, ...budget }),
      events,
    };
  }

  const broken: Array<{ name: string; source: string; reason: RegExp }> = [
    {
      name: 'a policy that raises a conflict error',
      source: 'decision := 1 if true\n\ndecision := 2 if true\n',
      reason: /^policy error: evaluation failed: .*eval_conflict_error/,
    },
    {
      name: 'a decision of the wrong shape',
      source: 'decision := {"allow": "yes"}\n',
      reason: /^policy error: malformed decision: allow: .*boolean/,
    },
    {
      name: 'a decision with an extra key',
      source:
        'decision := {"allow": true, "reasons": [], "executor": "isolate", "capabilities": [], ' +
        '"hosts": [], "secrets": {}, "limits": {}, "root": true}\n',
      reason: /^policy error: malformed decision: .*root/,
    },
    {
      // Boundary: 2^53 + 1 cannot be a JavaScript number; rounding it would be silent.
      name: 'a limit beyond 2^53',
      source:
        'decision := {"allow": true, "reasons": [], "executor": "isolate", "capabilities": [], ' +
        '"hosts": [], "secrets": {}, "limits": {"memoryMb": 9007199254740993}}\n',
      reason: /^policy error: malformed decision: limits\.memoryMb: .*number/,
    },
    {
      name: 'an undefined decision',
      source: 'decision := 1 if input.nothing\n',
      reason: /^policy error: data\.airlock\.decision is undefined for this input$/,
    },
    {
      name: 'a policy that exceeds the step budget',
      source:
        'decision := {"allow": true} if {\n' +
        '\tsome a in numbers.range(1, 100000)\n\tsome b in numbers.range(1, 100000)\n' +
        '\tsome c in numbers.range(1, 100000)\n\ta + b + c < 0\n}\n',
      reason: /^policy error: evaluation failed: .*eval_budget_error/,
    },
  ];

  it.each(broken)(
    'denies $name, with the reason, and logs it as an error',
    ({ source, reason }) => {
      const { decider, events } = deciderFor(source);
      const decision = decider.decide(valid);
      expect(decision).toMatchObject({ allow: false, capabilities: [], hosts: [], secrets: {} });
      expect(decision.reasons).toHaveLength(1);
      expect(decision.reasons[0]).toMatch(reason);
      expect(events).toMatchObject([{ level: 'error', event: 'decision', outcome: 'deny' }]);
    },
  );

  it('denies when the time budget runs out before the step budget', () => {
    const source = broken.find((b) => b.name.includes('budget'))?.source ?? '';
    const { decider } = deciderFor(source, { stepBudget: 1e12, timeBudgetMs: 20 });
    const startMs = performance.now();
    const decision = decider.decide(valid);
    expect(decision.allow).toBe(false);
    expect(decision.reasons[0]).toMatch(/eval_budget_error/);
    expect(performance.now() - startMs).toBeLessThan(2_000);
  });
});
