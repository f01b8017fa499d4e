import { listAuditFiles, queryAudit, verifyAuditFiles } from '@airlock/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execution, keys, startTestGateway, type TestGateway } from './test-helpers.js';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ server: { port: 0, bodyLimitBytes: 4_096 } });
});

afterAll(async () => {
  await gw?.close();
});

const trivial = 'export default () => 1;';

/** Each bad request, the status it must get, and the field its error must name. */
const badRequests: {
  name: string;
  path?: string;
  key?: string | null;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  status: number;
  field?: string;
}[] = [
  { name: 'malformed JSON', rawBody: '{"tenant": "alpha", ', status: 400, field: 'body' },
  { name: 'a body that is not an object', body: [1, 2], status: 400, field: 'body' },
  {
    name: 'no tenant',
    body: { language: 'javascript', code: trivial },
    status: 400,
    field: 'tenant',
  },
  {
    name: 'code of the wrong type',
    body: { ...execution('alpha', trivial), code: 42 },
    status: 400,
    field: 'code',
  },
  {
    name: 'an unknown field',
    body: { ...execution('alpha', trivial), shell: true },
    status: 400,
    field: 'shell',
  },
  {
    name: 'an unknown language',
    body: { ...execution('alpha', trivial), language: 'python' },
    status: 400,
    field: 'language',
  },
  {
    name: 'a negative limit',
    body: execution('alpha', trivial, { limits: { timeoutMs: -5 } }),
    status: 400,
    field: 'limits.timeoutMs',
  },
  {
    name: 'an oversized body',
    body: execution('alpha', `// ${'x'.repeat(8_000)}\n${trivial}`),
    status: 413,
    field: 'body',
  },
  {
    name: 'a body that is not JSON',
    rawBody: 'tenant=alpha',
    contentType: 'text/plain',
    status: 415,
    field: 'content-type',
  },
  // Boundary: the key is valid, the tenant is not one it covers.
  {
    name: 'a tenant outside the key',
    body: execution('beta', trivial),
    status: 403,
    field: 'tenant',
  },
  { name: 'no key', key: null, body: execution('alpha', trivial), status: 401 },
  {
    name: 'a wrong key',
    key: 'not-a-key-of-this-gateway-000000',
    body: execution('alpha', trivial),
    status: 401,
  },
  {
    name: 'an unknown route',
    path: '/v1/execute',
    body: execution('alpha', trivial),
    status: 404,
    field: 'path',
  },
];

describe('bad input', () => {
  it.each(badRequests)('$name gets $status naming the field and the fix', async (bad) => {
    const { status, body, headers } = await gw.call('POST', bad.path ?? '/v1/executions', {
      ...(bad.key === undefined ? {} : { key: bad.key }),
      ...(bad.body === undefined ? {} : { body: bad.body }),
      ...(bad.rawBody === undefined ? {} : { rawBody: bad.rawBody }),
      ...(bad.contentType === undefined ? {} : { contentType: bad.contentType }),
    });
    expect(status).toBe(bad.status);
    expect(body.error.message.length).toBeGreaterThan(5);
    expect(body.error.hint.length).toBeGreaterThan(5);
    if (bad.field !== undefined) expect(body.error.field).toBe(bad.field);
    expect(body.requestId).toBe(headers.get('x-request-id'));
  });

  it('never echoes the key it was sent', async () => {
    const wrong = 'secret-looking-key-0123456789abcdef';
    const { body } = await gw.call('POST', '/v1/executions', { key: wrong, body: {} });
    expect(JSON.stringify(body)).not.toContain(wrong);
  });

  it('stays healthy after all of them', async () => {
    const { body } = await gw.call('POST', '/v1/executions', { body: execution('alpha', trivial) });
    expect(body).toMatchObject({ status: 'ok', value: 1 });
  });
});

describe('audit of every request', () => {
  it('leaves an event for each refused request, with the key name but never the key', async () => {
    const before = await requestEvents();
    await gw.call('POST', '/v1/executions', { key: keys.beta, body: execution('alpha', trivial) });
    await gw.call('POST', '/v1/executions', { key: null, body: execution('alpha', trivial) });
    await gw.call('POST', '/v1/executions', { rawBody: '{', contentType: 'application/json' });
    const events = (await requestEvents()).slice(before.length);

    expect(events.map((event) => [event.outcome, event.detail?.statusCode])).toEqual([
      ['denied', 403],
      ['denied', 401],
      ['invalid', 400],
    ]);
    expect(events[0]).toMatchObject({
      tenant: 'alpha',
      detail: { keyName: 'beta', errorCode: 'forbidden' },
    });
    const text = JSON.stringify(events);
    for (const key of Object.values(keys)) expect(text).not.toContain(key);
  });

  it('audits malformed executions through the pipeline as invalid, and the log verifies', async () => {
    await gw.call('POST', '/v1/executions', { body: { ...execution('alpha', trivial), code: 1 } });
    const invalid = [];
    for await (const record of queryAudit(gw.auditDir, { kind: 'execution', outcome: 'invalid' })) {
      invalid.push(record);
    }
    expect(invalid.length).toBeGreaterThan(0);
    const verified = await verifyAuditFiles(await listAuditFiles(gw.auditDir));
    expect(verified.ok).toBe(true);
  });
});

async function requestEvents() {
  const events = [];
  for await (const record of queryAudit(gw.auditDir, { kind: 'request' })) events.push(record);
  return events;
}
