import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { listAuditFiles } from './audit-files.js';
import { JsonlAuditSink } from './jsonl-sink.js';
import { queryAudit } from './query.js';
import { events, tempDir } from './test-helpers.js';
import { verifyAuditFiles } from './verify.js';

const libraryDir = fileURLToPath(new URL('..', import.meta.url));
const writerScript = join(libraryDir, 'fixtures/crash-writer.mjs');

/** Builds dist/ when any source is newer than it: the child runs the built library. */
beforeAll(() => {
  const builtMs = statSync(join(libraryDir, 'dist/index.js'), { throwIfNoEntry: false })?.mtimeMs;
  const sources = readdirSync(join(libraryDir, 'src')).filter((n) => !n.endsWith('.test.ts'));
  const newestMs = Math.max(...sources.map((n) => statSync(join(libraryDir, 'src', n)).mtimeMs));
  if (builtMs !== undefined && builtMs >= newestMs) return;
  execFileSync('npx', ['tsc', '-b', libraryDir], { stdio: 'pipe', timeout: 180_000 });
}, 200_000);

/**
 * Starts the writer and SIGKILLs it once `killAfter` records were acknowledged; resolves
 * to the ids it acknowledged (a line on stdout is printed only after record() resolved).
 */
function writeUntilKilled(dir: string, prefix: string, killAfter: number, maxFileBytes: number) {
  const args = [writerScript, dir, prefix, '100000', '64', String(maxFileBytes)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const acknowledged: string[] = [];
  let pending = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    acknowledged.push(...lines);
    if (acknowledged.length >= killAfter) child.kill('SIGKILL');
  });
  return new Promise<string[]>((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`writer exited ${code} before it was killed: ${stderr}`));
    });
  });
}

describe('kill -9 in the middle of a burst', () => {
  // Different kill points, with and without rotation in play.
  const runs = [
    { killAfter: 1, maxFileBytes: 64 * 1024 * 1024, tear: false },
    { killAfter: 300, maxFileBytes: 64 * 1024 * 1024, tear: true },
    { killAfter: 2_000, maxFileBytes: 256 * 1024, tear: false },
    { killAfter: 5_000, maxFileBytes: 100 * 1024, tear: true },
  ];

  it.each(runs)(
    'after $killAfter acknowledgements (files of $maxFileBytes bytes, torn: $tear): none lost',
    async ({ killAfter, maxFileBytes, tear }) => {
      const dir = tempDir();
      const first = await writeUntilKilled(dir, 'first', killAfter, maxFileBytes);
      // Linux finishes a write() before SIGKILL lands, so a kill alone rarely tears a
      // line; a power cut can. Half a line at the end stands in for that.
      if (tear) appendFileSync((await listAuditFiles(dir)).at(-1) as string, '{"id":"torn","ti');
      // A second crash on top of the first, so a repaired log is also crash-safe.
      const second = await writeUntilKilled(dir, 'second', killAfter, maxFileBytes);

      const sink = await JsonlAuditSink.open({ dir, maxFileBytes });
      await Promise.all(events(20, 'after').map((event) => sink.record(event)));
      await sink.close();

      const verified = await verifyAuditFiles(await listAuditFiles(dir));
      expect(verified.firstBad).toBeUndefined();
      expect(verified.ok).toBe(true);

      const stored = new Set<string>();
      const repairs: unknown[] = [];
      for await (const record of queryAudit(dir)) {
        stored.add(record.id);
        if (record.kind === 'audit') repairs.push(record.detail);
      }
      if (tear) expect(repairs).toContainEqual(expect.objectContaining({ bytes: 16 }));
      const lost = [...first, ...second].filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
      expect(first.length).toBeGreaterThanOrEqual(killAfter);
      expect(stored.has('after-19')).toBe(true);
    },
    60_000,
  );
});
