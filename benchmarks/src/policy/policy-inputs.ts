import type { DecisionInput } from '@airlock/policy';

const noNeeds = { modules: [], hosts: [], capabilities: [] };

/** Three requests a gateway sees all day: an allow, a denial by finding, a container. */
export const representativeInputs: ReadonlyArray<{ label: string; input: DecisionInput }> = [
  {
    label: 'allow, fetch with hosts',
    input: {
      request: { tenant: 'demo', capabilities: ['log', 'fetch'], limits: { timeoutMs: 2000 } },
      findings: [],
      needs: { ...noNeeds, hosts: ['api.github.com'], capabilities: ['fetch'] },
    },
  },
  {
    label: 'deny by finding',
    input: {
      request: { tenant: 'nobody' },
      findings: [
        { ruleId: 'no-eval', severity: 'error', message: 'eval runs a string as code' },
        { ruleId: 'no-long-encoded-literals', severity: 'warning', message: 'long literal' },
      ],
      needs: { ...noNeeds, capabilities: ['log'] },
    },
  },
  {
    label: 'container for imports',
    input: {
      request: { tenant: 'demo', runtime: 'auto' },
      findings: [{ ruleId: 'no-fs-module', severity: 'error', message: 'reads files' }],
      needs: { modules: ['lodash', 'node:fs'], hosts: [], capabilities: ['log'] },
    },
  },
];
