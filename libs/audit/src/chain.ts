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

/** SHA-256 (hex) over the canonical JSON of a record with its `hash` left out. */
export function hashRecord(record: Omit<AuditRecord, 'hash'> | AuditRecord): string {
  const unsigned: Record<string, unknown> = { ...record };
  delete unsigned.hash;
  return createHash('sha256').update(canonicalJson(unsigned)).digest('hex');
}

/** The next record after `head`: seq + 1, chained to head's hash. */
export function chainRecord(event: AuditEvent, head: ChainHead): AuditRecord {
  const unsigned = { ...event, seq: head.seq + 1, prevHash: head.hash };
  return { ...unsigned, hash: hashRecord(unsigned) };
}
