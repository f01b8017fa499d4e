import { join } from 'node:path';
import { listAuditFiles, readAuditFile, verifyAuditFiles, type AuditRecord } from '@airlock/audit';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airlockAsync, bin, buildCli, stackFrame } from '../bin-helpers.js';
import { tempProject } from '../test-helpers.js';

/**
 * `airlock mcp` as an MCP client sees it: the built bin started by the SDK's own
 * StdioClientTransport, spoken to by its Client, started for tenant `demo` (which the
 * default policy grants log, kv and fetch, not sql) and real isolate worker processes. The audit log and kv file are the test's own.
 */

beforeAll(buildCli, 300_000);

const counter = `export default async (input, env) => {
  const n = (await env.kv.get('n')) ?? 0;
  await env.kv.put('n', n + 1);
  return n + 1;
};
`;

interface Answer {
  isError: boolean;
  texts: string[];
  result: Record<string, unknown> & { status: string; value?: unknown; executionId: string };
}

describe('airlock mcp through a real stdio client', () => {
  const cwd = tempProject({});
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, 'mcp', '--tenant', 'demo', '--audit-dir', 'audit', '--kv-db', 'kv.sqlite'],
    cwd,
    env: { NO_COLOR: '1', TMPDIR: cwd },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'airlock-mcp-test', version: '1.0.0' });
  const clientErrors: Error[] = [];
  const executionIds: string[] = [];
  let stderr = '';

  beforeAll(async () => {
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client.onerror = (error) => void clientErrors.push(error);
    await client.connect(transport);
  }, 30_000);
  afterAll(() => client.close());

  async function call(name: string, args: Record<string, unknown>): Promise<Answer> {
    const answer = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const texts = answer.content.map((item) => (item.type === 'text' ? item.text : ''));
    const result = answer.structuredContent as Answer['result'];
    if (name === 'execute_code' && result !== undefined) executionIds.push(result.executionId);
    return { isError: answer.isError === true, texts, result };
  }

  const execute = (args: Record<string, unknown>) => call('execute_code', args);

  it('lists execute_code and validate_code with their input schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['execute_code', 'validate_code']);
    const execute = tools.find((tool) => tool.name === 'execute_code');
    expect(execute?.inputSchema.required).toEqual(['code']);
    expect(execute?.inputSchema.properties?.language).toMatchObject({
      enum: ['javascript', 'typescript'],
    });
    expect(execute?.description).toMatch(/tenant "demo", fixed/);
    expect(execute?.inputSchema.properties).not.toHaveProperty('tenant');
    expect(stderr).toMatch(/^airlock mcp: serving on stdio for tenant "demo"/);
  });

  it('runs allowed code with input and answers the result as text and structured content', async () => {
    const answer = await execute({
      code: 'export default (input) => input.a + input.b;',
      input: { a: 2, b: 3 },
    });
    expect(answer.isError).toBe(false);
    expect(answer.result).toMatchObject({ status: 'ok', value: 5, findings: [] });
    expect(answer.result.decision).toMatchObject({ allow: true, executor: 'isolate' });
    expect(JSON.parse(answer.texts[0] ?? '')).toEqual(answer.result);
  });

  it('runs TypeScript when asked', async () => {
    const answer = await execute({
      code: 'export default (input: { a: number; b: number }): number => input.a * input.b;',
      language: 'typescript',
      input: { a: 6, b: 7 },
    });
    expect(answer).toMatchObject({ isError: false, result: { status: 'ok', value: 42 } });
  });

  it('refuses code the validator blocks, with the reason readable in the text', async () => {
    const answer = await execute({ code: 'export default () => process.env.HOME;' });
    expect(answer.isError).toBe(true);
    expect(answer.result.status).toBe('denied');
    expect(answer.texts[1]).toMatch(/^denied: validator: no-process-env: /);
  });

  it("refuses a capability the server's tenant is not granted, naming the tenant", async () => {
    const answer = await execute({ code: 'export default () => 1;', capabilities: ['sql'] });
    expect(answer).toMatchObject({ isError: true, result: { status: 'denied' } });
    expect(answer.texts[1]).toBe('denied: capability "sql" is not granted to tenant "demo"');
  });

  it('answers a run that throws as a tool error with its message', async () => {
    const answer = await execute({ code: "export default () => { throw new Error('boom'); };" });
    expect(answer).toMatchObject({ isError: true, result: { status: 'error' } });
    expect(answer.texts[1]).toMatch(/^error: .*boom/);
  });

  it('keeps kv state across two calls for a tenant that may use it', async () => {
    const first = await execute({ code: counter });
    const second = await execute({ code: counter });
    expect([first.result.value, second.result.value]).toEqual([1, 2]);
  });

  it('validate_code reports a finding for dangerous code and runs nothing', async () => {
    const answer = await call('validate_code', { code: 'export const key = process.env.KEY;' });
    expect(answer.isError).toBe(false);
    expect(answer.result).toMatchObject({ ok: false, needs: { modules: [] } });
    expect(answer.result.findings).toEqual([
      expect.objectContaining({ ruleId: 'no-process-env', severity: 'error' }),
    ]);
  });

  it('validate_code answers ok for clean TypeScript', async () => {
    const answer = await call('validate_code', {
      code: 'export const add = (a: number, b: number): number => a + b;',
      language: 'typescript',
    });
    expect(answer.result).toMatchObject({ ok: true, findings: [] });
  });

  const badInputs = [
    { name: 'an unknown language', args: { code: '1', language: 'python' }, field: 'language' },
    { name: 'code that is not a string', args: { code: 42 }, field: 'code' },
    { name: 'no code at all', args: { input: 1 }, field: 'code' },
    {
      name: 'capabilities as a string',
      args: { code: '1', capabilities: 'kv' },
      field: 'capabilities',
    },
    // Boundary: a call cannot pick its tenant; the server's --tenant is the only one.
    { name: 'a tenant of its own', args: { code: '1', tenant: 'other' }, field: 'tenant' },
    { name: 'an unknown field', args: { code: '1', timeout: 5 }, field: 'timeout' },
  ];

  it.each(badInputs)('bad input, $name: a tool error naming the field', async (bad) => {
    const answer = await execute(bad.args);
    expect(answer.isError).toBe(true);
    expect(answer.texts[0]).toMatch(new RegExp(`\\b${bad.field}\\b`));
    expect(answer.texts[0]).not.toMatch(stackFrame);
  });

  it('validate_code refuses an unknown language the same way', async () => {
    const answer = await call('validate_code', { code: '1', language: 'ruby' });
    expect(answer).toMatchObject({ isError: true, texts: [expect.stringMatching(/language/)] });
  });

  it('still serves after bad input', async () => {
    const answer = await execute({ code: 'export default () => "still here";' });
    expect(answer.result).toMatchObject({ status: 'ok', value: 'still here' });
  });

  it('exits on its own when the client closes stdin, and every execution is audited', async () => {
    const startedMs = performance.now();
    await client.close();
    // The transport sends SIGTERM after 2 s if the server has not exited by then.
    expect(performance.now() - startedMs).toBeLessThan(2_000);
    expect(clientErrors).toEqual([]);
    expect(executionIds).toHaveLength(8);
    expect(stderr).toMatch(/airlock mcp: stopped after 8 executions\n$/);

    const files = await listAuditFiles(join(cwd, 'audit'));
    expect(await verifyAuditFiles(files)).toEqual({ ok: true, records: expect.any(Number) });
    const records: AuditRecord[] = [];
    for (const file of files) for await (const record of readAuditFile(file)) records.push(record);
    const executions = records.filter((record) => record.kind === 'execution');
    expect(executions.map((record) => record.executionId).sort()).toEqual(executionIds.sort());
    expect(executions.filter((record) => record.outcome === 'denied')).toHaveLength(2);
  });
});

describe('airlock mcp: stopped by SIGTERM', () => {
  it('closes and leaves a verified audit log with its execution', async () => {
    const cwd = tempProject({});
    const args = [bin, 'mcp', '--audit-dir', 'audit', '--kv-db', 'kv.sqlite'];
    const transport = new StdioClientTransport({
      command: process.execPath,
      args,
      cwd,
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'airlock-mcp-test', version: '1.0.0' });
    await client.connect(transport);
    const answer = await client.callTool({
      name: 'execute_code',
      arguments: { code: 'export default () => 7;' },
    });
    expect(answer.structuredContent).toMatchObject({ status: 'ok', value: 7 });

    const closed = new Promise<void>((resolve) => (client.onclose = resolve));
    const pid = transport.pid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid as number, 'SIGTERM');
    await closed;
    // Printed only after the pipeline settled and the audit log was closed.
    expect(stderr).toMatch(/airlock mcp: stopped after 1 execution\n$/);
    const files = await listAuditFiles(join(cwd, 'audit'));
    expect(await verifyAuditFiles(files)).toEqual({ ok: true, records: 1 });
  });
});

describe('airlock mcp: configuration errors exit 2 before serving', () => {
  it('a missing --policy folder', async () => {
    const cwd = tempProject({});
    const ran = await airlockAsync(['mcp', '--policy', 'no-policy', '--audit-dir', 'a'], cwd);
    expect(ran).toMatchObject({ status: 2, stdout: '' });
    expect(ran.stderr).toMatch(/no-policy: no such file or folder/);
    expect(ran.stderr).not.toMatch(stackFrame);
  });
});
