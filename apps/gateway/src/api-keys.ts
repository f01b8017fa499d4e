/**
 * API keys and the tenants each covers. Threat model: keys are compared by their SHA-256
 * in constant time, so neither timing nor a leaked config file with `sha256` entries gives
 * a key away; a key never appears in a log, an audit event or an error message (its name
 * does).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { AirlockError, ErrorCode } from '@airlock/core';
import type { ApiKeyConfig } from './config/schema.js';

/** Who is calling: the key's name and the tenants it may act for. */
export interface Caller {
  keyName: string;
  tenants: ReadonlySet<string>;
}

interface KnownKey {
  digest: Buffer;
  caller: Caller;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class ApiKeyRing {
  private readonly keys: KnownKey[];

  constructor(entries: readonly ApiKeyConfig[]) {
    this.keys = entries.map((entry) => ({
      digest: Buffer.from(entry.sha256 ?? sha256Hex(entry.key ?? ''), 'hex'),
      caller: { keyName: entry.name, tenants: new Set(entry.tenants) },
    }));
  }

  get size(): number {
    return this.keys.length;
  }

  /** The caller of an `Authorization` header; throws 401 for a missing or unknown key. */
  authenticate(header: string | undefined): Caller {
    const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header ?? '');
    if (match === null) {
      throw new AirlockError(ErrorCode.Unauthenticated, 'the request has no API key', {
        hint: 'Send the header `Authorization: Bearer <key>` with a key from the configuration.',
      });
    }
    const digest = Buffer.from(sha256Hex(match[1] ?? ''), 'hex');
    // Every key is compared, so the time taken does not tell which one came close.
    let found: Caller | undefined;
    for (const known of this.keys) {
      if (timingSafeEqual(known.digest, digest)) found = known.caller;
    }
    if (found === undefined) {
      throw new AirlockError(ErrorCode.Unauthenticated, 'the API key is not known', {
        hint: 'Check the key; keys are set in airlock.yaml (apiKeys) or AIRLOCK_API_KEYS.',
      });
    }
    return found;
  }
}

/** Throws 403 unless the caller's key covers `tenant`. */
export function requireTenant(caller: Caller, tenant: string): void {
  if (caller.tenants.has(tenant)) return;
  throw new AirlockError(ErrorCode.Forbidden, `tenant: the API key does not cover "${tenant}"`, {
    context: { field: 'tenant' },
    hint: `Use a tenant this key covers (${[...caller.tenants].join(', ')}), or a key that covers it.`,
  });
}
