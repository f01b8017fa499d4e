import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPinoLogger, silentLogger } from './logger.js';

async function linesOf(write: (stream: PassThrough) => void): Promise<Record<string, unknown>[]> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  write(stream);
  await new Promise((resolve) => setImmediate(resolve));
  return Buffer.concat(chunks)
    .toString('utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('createPinoLogger', () => {
  it('writes one JSON line per event with child bindings', async () => {
    const lines = await linesOf((destination) => {
      const logger = createPinoLogger({ destination }).child({ tenant: 't1' });
      logger.info({ event: 'execution', outcome: 'ok', durationMs: 3 }, 'done');
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ tenant: 't1', event: 'execution', msg: 'done', level: 30 });
  });

  it('drops lines below its level', async () => {
    const lines = await linesOf((destination) => {
      const logger = createPinoLogger({ destination, level: 'warn' });
      logger.info({ event: 'noise' });
      logger.warn({ event: 'kept' });
    });
    expect(lines.map((l) => l.event)).toEqual(['kept']);
  });

  it('redacts secret-looking fields', async () => {
    const lines = await linesOf((destination) => {
      createPinoLogger({ destination }).info({ headers: { authorization: 'Bearer canary-123' } });
    });
    expect(JSON.stringify(lines)).not.toContain('canary-123');
    expect(lines[0]).toMatchObject({ headers: { authorization: '[redacted]' } });
  });
});

describe('silentLogger', () => {
  it('accepts every call and returns itself as a child', () => {
    expect(() => silentLogger.error({ event: 'x' })).not.toThrow();
    expect(silentLogger.child({ tenant: 'a' })).toBe(silentLogger);
  });
});
