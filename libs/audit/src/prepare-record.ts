import type { AuditEvent } from '@airlock/core';
import { InvalidInputError } from '@airlock/core';
import { auditEventSchema } from './audit-event-schema.js';
import { sealRecord, type ChainHead, type SealedRecord } from './chain.js';

/**
 * Checks an event against the schema, redacts it, and chains it after `head`. Every sink
 * that writes records goes through here, so nothing unchecked or unredacted is written.
 */
export function prepareRecord(
  event: AuditEvent,
  head: ChainHead,
  redact: <T>(value: T) => T,
): SealedRecord {
  const parsed = auditEventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined ? 'event' : `event.${issue.path.join('.')}`;
    throw new InvalidInputError(field, issue?.message ?? 'not an audit event', {
      hint: 'Build audit events with the fields of AuditEvent in @airlock/core.',
    });
  }
  return sealRecord(redact(parsed.data), head);
}
