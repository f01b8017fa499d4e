import type { Json, LogEntry } from '../types.js';

/** Shown as the last log entry once output was cut at `maxOutputBytes`. */
export const truncatedMarker = '[output truncated: maxOutputBytes reached]';

/**
 * Collects log entries up to a byte budget (UTF-8 of the JSON of each entry). Past the
 * budget entries are dropped and one marker entry says so.
 */
export class OutputCollector {
  private readonly entries: LogEntry[] = [];
  private usedBytes = 0;
  private truncated = false;

  constructor(private readonly maxOutputBytes: number) {}

  get bytes(): number {
    return this.usedBytes;
  }

  /** Adds an entry; answers false once the budget is spent. */
  add(entry: LogEntry): boolean {
    if (this.truncated) return false;
    const size = entryBytes(entry);
    if (this.usedBytes + size > this.maxOutputBytes) {
      this.truncated = true;
      return false;
    }
    this.entries.push(entry);
    this.usedBytes += size;
    return true;
  }

  /**
   * The entries that fit beside a result of `resultBytes`, dropping the latest first, with
   * the marker at the end when anything was dropped.
   */
  finish(resultBytes = 0): LogEntry[] {
    const budgetBytes = Math.max(0, this.maxOutputBytes - resultBytes);
    const kept = [...this.entries];
    let used = this.usedBytes;
    while (kept.length > 0 && used > budgetBytes) {
      used -= entryBytes(kept.pop() as LogEntry);
      this.truncated = true;
    }
    if (this.truncated) kept.push({ level: 'warn', source: 'console', message: truncatedMarker });
    return kept;
  }
}

function entryBytes(entry: LogEntry): number {
  return Buffer.byteLength(JSON.stringify(entry), 'utf8');
}

/** Byte length of a JSON value as it will be reported. */
export function jsonBytes(value: Json | undefined): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8');
}
