import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const fileNamePattern = /^audit-(\d{6,})\.jsonl$/;

/** `audit-000001.jsonl` for 1: six digits at least, so names sort in order. */
export function auditFileName(index: number): string {
  return `audit-${String(index).padStart(6, '0')}.jsonl`;
}

/** The number in an audit file's name, or undefined for any other name. */
export function auditFileIndex(name: string): number | undefined {
  const match = fileNamePattern.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The audit files in `dir`, oldest first, as full paths; none when `dir` does not exist. */
export async function listAuditFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .flatMap((name) => {
      const index = auditFileIndex(name);
      return index === undefined ? [] : [{ name, index }];
    })
    .sort((a, b) => a.index - b.index)
    .map(({ name }) => join(dir, name));
}
