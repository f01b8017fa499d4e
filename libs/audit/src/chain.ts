import { createHash } from 'node:crypto';
import type { AuditEvent } from '@airlock/core';
import type { AuditRecord } from './audit-event-schema.js';
import { canonicalJson } from './canonical-json.js';

/** The `prevHash` of the first record of a log: 64 zeros. */
export const genesisHash = '0'.repeat(64);

/** Where the chain stands: the last record's seq and hash (0 and genesis when empty). */
export interface ChainHead {
  seq: number;
  hash: string;
}

export const emptyChainHead: ChainHead = { seq: 0, hash: genesisHash };

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** SHA-256 (hex) over the canonical JSON of a record with its `hash` left out. */
export function hashRecord(record: Omit<AuditRecord, 'hash'> | AuditRecord): string {
  return sha256Hex(canonicalJson(record, 'hash'));
}

/** A chained record and its line: the canonical JSON with `hash` added last, and `\n`. */
export interface SealedRecord {
  record: AuditRecord;
  line: string;
}

/** The next record after `head`: seq + 1, chained to head's hash, hashed once. */
export function sealRecord(event: AuditEvent, head: ChainHead): SealedRecord {
  const unsigned = { ...event, seq: head.seq + 1, prevHash: head.hash };
  const canonical = canonicalJson(unsigned);
  const hash = sha256Hex(canonical);
  const line = `${canonical.slice(0, -1)},"hash":"${hash}"}\n`;
  return { record: { ...unsigned, hash }, line };
}

/** The next record after `head`: seq + 1, chained to head's hash. */
export function chainRecord(event: AuditEvent, head: ChainHead): AuditRecord {
  return sealRecord(event, head).record;
}
