/**
 * Proxy credentials. Threat model: one sandbox guesses or replays another's credential to
 * borrow its grant, or keeps using one after its execution ended. Credentials are random,
 * compared in constant time, and dead once revoked.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EgressGrant } from './types.js';

/** A live credential as the proxy keeps it. */
export interface CredentialEntry {
  username: string;
  grant: EgressGrant;
  /** Requests and tunnels open with this credential right now. */
  openConnections: number;
}

interface StoredCredential {
  entry: CredentialEntry;
  passwordDigest: Buffer;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export class CredentialStore {
  private readonly byUsername = new Map<string, StoredCredential>();

  /** Creates a random username and password bound to `grant`. */
  issue(grant: EgressGrant): { username: string; password: string } {
    const username = `sbx-${randomBytes(9).toString('base64url')}`;
    const password = randomBytes(24).toString('base64url');
    const entry: CredentialEntry = { username, grant: structuredClone(grant), openConnections: 0 };
    this.byUsername.set(username, { entry, passwordDigest: digest(password) });
    return { username, password };
  }

  revoke(username: string): void {
    this.byUsername.delete(username);
  }

  /** The entry for a `Basic` authorization header value, or undefined. */
  authenticate(header: string | undefined): CredentialEntry | undefined {
    const decoded = decodeBasic(header);
    if (!decoded) return undefined;
    const stored = this.byUsername.get(decoded.username);
    if (!stored) return undefined;
    const matches = timingSafeEqual(stored.passwordDigest, digest(decoded.password));
    return matches ? stored.entry : undefined;
  }

  clear(): void {
    this.byUsername.clear();
  }
}

/** `Basic base64(user:password)` → its parts; undefined for anything else. */
export function decodeBasic(
  header: string | undefined,
): { username: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const text = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

export function encodeBasic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
