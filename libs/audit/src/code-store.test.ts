import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { CodeStore, codeHash, storeCode } from './code-store.js';
import { tempDir } from './test-helpers.js';

describe('CodeStore', () => {
  it('stores code once under code/<sha256> and reads it back', async () => {
    const dir = tempDir();
    const code = 'export default () => "héllo";\n';
    const expected = createHash('sha256').update(Buffer.from(code, 'utf8')).digest('hex');

    const hash = await storeCode(dir, code);
    expect(hash).toBe(expected);
    expect(codeHash(code)).toBe(expected);
    const path = join(dir, 'code', hash);
    const writtenMs = statSync(path).mtimeMs;

    const store = new CodeStore(dir);
    expect(await store.store(code)).toBe(hash);
    expect(statSync(path).mtimeMs).toBe(writtenMs); // not written again
    expect(await store.read(hash)).toBe(code);
    expect(readdirSync(join(dir, 'code'))).toEqual([hash]); // no temporary file left
  });

  it('stores many at once without a clash, and answers undefined for unknown code', async () => {
    const dir = tempDir();
    const store = new CodeStore(dir);
    const codes = Array.from({ length: 20 }, (_, i) => `run(${i % 5})`);
    const hashes = await Promise.all(codes.map((code) => store.store(code)));
    expect(new Set(hashes).size).toBe(5);
    expect(readdirSync(join(dir, 'code')).sort()).toEqual([...new Set(hashes)].sort());
    expect(await store.read('0'.repeat(64))).toBeUndefined();
  });

  it.each(['../../etc/passwd', 'ABC', ''])('refuses to read the hash %j', async (hash) => {
    await expect(new CodeStore(tempDir()).read(hash)).rejects.toBeInstanceOf(InvalidInputError);
  });
});
