import { describe, expect, it } from 'vitest';
import { ContainerCodeExecutor } from './code-executor.js';
import { ContainerExecutor } from './sandbox/container-executor.js';

describe('ContainerCodeExecutor', () => {
  it('refuses a fetch grant without an egress network, before any sandbox exists', async () => {
    const sandboxes = new ContainerExecutor({ image: 'airlock-sandbox:never-started' });
    const runner = new ContainerCodeExecutor(sandboxes);
    const request = {
      executionId: 'e-1',
      tenant: 'alpha',
      code: 'export default async (input, env) => env.fetch("http://example.com/")',
      language: 'javascript' as const,
      capabilities: ['fetch'],
    };
    const result = await runner.execute(request, { hosts: ['example.com'], secrets: {} });
    expect(result.status).toBe('denied');
    expect(result.error?.message).toMatch(/fetch needs the egress network/);
    expect(await sandboxes.list('alpha')).toEqual([]);
  });
});
