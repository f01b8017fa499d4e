import { InvalidInputError, type LogFields, type Logger } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import type { CallContext, Json, LogEntry } from '../types.js';
import { createLogCapability, type LogCapabilityOptions } from './log.js';

const context: CallContext = { tenant: 'tenant-a', executionId: 'exec-1' };

interface Line {
  level: string;
  fields: LogFields;
  message: string | undefined;
}

/** A real Logger that keeps its lines, so tests can read what was written. */
function recordingLogger(lines: Line[], bindings: LogFields = {}): Logger {
  const write =
    (level: string) =>
    (fields: LogFields, message?: string): void => {
      lines.push({ level, fields: { ...bindings, ...fields }, message });
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  };
}

function setUp(options: Partial<LogCapabilityOptions> = {}) {
  const lines: Line[] = [];
  const entries: { context: CallContext; entry: LogEntry }[] = [];
  const capability = createLogCapability({
    logger: recordingLogger(lines),
    onEntry: (callContext, entry) => entries.push({ context: callContext, entry }),
    ...options,
  });
  const call = (method: string, ...args: Json[]) => {
    const fn = capability.methods[method];
    if (fn === undefined) throw new Error(`log has no method ${method}`);
    return Promise.resolve(fn(context, args));
  };
  return { lines, entries, call, capability };
}

describe('env.log writes structured lines', () => {
  it.each(['info', 'warn', 'error'] as const)(
    '%s: tenant, execution, level, message, data',
    async (level) => {
      const { lines, entries, call } = setUp();

      expect(await call(level, 'order placed', { orderId: 7 })).toBeNull();

      expect(lines).toEqual([
        {
          level,
          fields: {
            event: 'isolate.log',
            tenant: 'tenant-a',
            executionId: 'exec-1',
            level,
            data: { orderId: 7 },
          },
          message: 'order placed',
        },
      ]);
      expect(entries).toEqual([
        {
          context,
          entry: { level, source: 'env.log', message: 'order placed', data: { orderId: 7 } },
        },
      ]);
    },
  );

  it('adds each entry to the execution result through context.appendLog', async () => {
    const appended: Omit<LogEntry, 'source'>[] = [];
    const capability = createLogCapability({ logger: recordingLogger([]), maxMessageBytes: 20 });
    const withResultLogs = {
      ...context,
      appendLog: (entry: Omit<LogEntry, 'source'>) => appended.push(entry),
    };

    await capability.methods.warn?.(withResultLogs, ['careful', [1, 2]]);
    await capability.methods.info?.(withResultLogs, ['x'.repeat(50)]);

    expect(appended).toEqual([
      { level: 'warn', message: 'careful', data: [1, 2] },
      { level: 'info', message: 'xxxxxx…[truncated]' },
    ]);
  });

  it('leaves data out when none is given', async () => {
    const { entries, call } = setUp();
    await call('info', 'hello');
    expect(entries[0]?.entry).toEqual({ level: 'info', source: 'env.log', message: 'hello' });
  });

  it('offers exactly info, warn and error', () => {
    expect(Object.keys(setUp().capability.methods)).toEqual(['info', 'warn', 'error']);
  });

  it('takes the tenant from the context, not from data the code passes', async () => {
    const { lines, call } = setUp();
    await call('info', 'spoof', { tenant: 'tenant-b', executionId: 'other' });
    expect(lines[0]?.fields).toMatchObject({ tenant: 'tenant-a', executionId: 'exec-1' });
    expect(lines[0]?.fields.data).toEqual({ tenant: 'tenant-b', executionId: 'other' });
  });
});

describe('env.log caps what the code sends', () => {
  const cases: { title: string; message: string; maxMessageBytes: number; expected: string }[] = [
    { title: 'a message within the cap', message: 'short', maxMessageBytes: 20, expected: 'short' },
    {
      title: 'a message exactly at the cap',
      message: 'x'.repeat(20),
      maxMessageBytes: 20,
      expected: 'x'.repeat(20),
    },
    {
      // '…[truncated]' is 14 bytes, so 6 bytes of the message remain.
      title: 'a long message',
      message: 'x'.repeat(100),
      maxMessageBytes: 20,
      expected: 'xxxxxx…[truncated]',
    },
    {
      // Each é is 2 bytes; 6 bytes of room hold 3 whole ones, never half of one.
      title: 'a multi-byte message, cut between characters',
      message: 'é'.repeat(50),
      maxMessageBytes: 21,
      expected: 'ééé…[truncated]',
    },
  ];

  it.each(cases)('$title', async ({ message, maxMessageBytes, expected }) => {
    const { lines, entries, call } = setUp({ maxMessageBytes });
    await call('info', message);
    expect(lines[0]?.message).toBe(expected);
    expect(entries[0]?.entry.message).toBe(expected);
    expect(Buffer.byteLength(expected)).toBeLessThanOrEqual(maxMessageBytes);
  });

  it('caps the message at 8 KiB by default', async () => {
    const { entries, call } = setUp();
    await call('warn', 'x'.repeat(100_000));
    expect(Buffer.byteLength(entries[0]?.entry.message ?? '')).toBeLessThanOrEqual(8 * 1024);
  });

  it('replaces data that is too large with a note', async () => {
    const { lines, call } = setUp({ maxDataBytes: 50 });
    await call('info', 'big', { blob: 'x'.repeat(100) });
    expect(lines[0]?.fields.data).toEqual({ dropped: 'data of 111 bytes exceeds 50 bytes' });
  });

  const invalid: { title: string; args: Json[]; message: string }[] = [
    { title: 'no message', args: [], message: 'log.info: argument 1 is missing' },
    {
      title: 'a message that is not a string',
      args: [{ a: 1 }],
      message: 'log.info: argument 1 must be string, got object',
    },
    {
      title: 'a third argument',
      args: ['a', 1, 2],
      message: 'log.info: takes at most 2 arguments',
    },
  ];

  it.each(invalid)('refuses $title', async ({ args, message }) => {
    const { lines, call } = setUp();
    const attempt = call('info', ...args);
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    await expect(attempt).rejects.toThrow(message);
    expect(lines).toEqual([]);
  });
});
