import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '@airlock/core';

const sha256Hex = /^[0-9a-f]{64}$/;
const rememberedHashes = 10_000;

/** SHA-256 of the code's UTF-8 text, lower-case hex: the `codeHash` of audit events. */
export function codeHash(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Keeps the code of every execution once, under `<auditDir>/code/<sha256>`, so an auditor
 * can read exactly what ran from an event's `codeHash`. Files are written to a temporary
 * name, fsync'ed and renamed, so a reader never sees half a file; code already stored is
 * not written again.
 *
 * NOTE: code is stored exactly as submitted, without redaction (redacting would change
 * its hash). Protect the folder as you would the code itself. A store remembers the hashes
 * it wrote or found (up to `rememberedHashes`) and does not look again, so a file deleted
 * behind its back is not written anew until that memory is cleared.
 */
export class CodeStore {
  readonly dir: string;
  /** Hashes known to be on disk: the same code sent again costs no file system call. */
  private readonly known = new Set<string>();

  constructor(auditDir: string) {
    this.dir = join(auditDir, 'code');
  }

  /** Stores `code` if it is not stored yet and returns its hash. */
  async store(code: string): Promise<string> {
    const hash = codeHash(code);
    if (this.known.has(hash)) return hash;
    const path = join(this.dir, hash);
    if (!(await exists(path))) await this.write(path, code);
    if (this.known.size >= rememberedHashes) this.known.clear();
    this.known.add(hash);
    return hash;
  }

  private async write(path: string, code: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `.tmp-${randomBytes(8).toString('hex')}`);
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(code, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /** The stored code for `hash`, or undefined when none is stored. */
  async read(hash: string): Promise<string | undefined> {
    if (!sha256Hex.test(hash)) {
      throw new InvalidInputError('hash', `expected 64 lower-case hex digits, got "${hash}"`);
    }
    try {
      return await readFile(join(this.dir, hash), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

/** Stores `code` under `<auditDir>/code/` and returns its SHA-256. */
export function storeCode(auditDir: string, code: string): Promise<string> {
  return new CodeStore(auditDir).store(code);
}
