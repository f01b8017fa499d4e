import { AirlockError, ErrorCode, InvalidInputError } from '@airlock/core';
import type Dockerode from 'dockerode';
import type { SandboxAgent } from '../agent/sandbox-agent.js';
import type { SandboxInfo } from '../types.js';

export interface SandboxRecord {
  info: SandboxInfo;
  container: Dockerode.Container;
  /** Runs the sandbox's commands and preview connections. */
  agent: SandboxAgent;
  /** The `KEY=value` list every exec gets, from CreateSandboxOptions.env. */
  env: string[];
  /** Operations in flight; the idle timer never fires while one runs. */
  busy: number;
  timer?: NodeJS.Timeout;
}

/** The same answer for a name that never existed, one that ended and another tenant's. */
export function sandboxNotFound(name: string, cause?: unknown): AirlockError {
  return new AirlockError(ErrorCode.NotFound, `name: no sandbox named ${name}`, {
    cause,
    context: { field: 'name' },
    hint: 'Create it first, or list your sandboxes to see their names.',
  });
}

function keyOf(tenant: string, name: string): string {
  return `${tenant}\u0000${name}`;
}

/**
 * Which container is which tenant's sandbox, held in memory by the executor that made them.
 * A lookup by another tenant fails exactly like a lookup of a name that does not exist.
 */
export class SandboxRegistry {
  private readonly records = new Map<string, SandboxRecord>();
  private readonly reserved = new Set<string>();

  /** Claims a name before the container exists, so two creates of one name cannot both win. */
  reserve(tenant: string, name: string): void {
    const key = keyOf(tenant, name);
    if (this.records.has(key) || this.reserved.has(key)) {
      throw new InvalidInputError('name', `a sandbox named ${name} already exists`, {
        hint: 'Pick another name, or destroy the existing sandbox first.',
      });
    }
    this.reserved.add(key);
  }

  release(tenant: string, name: string): void {
    this.reserved.delete(keyOf(tenant, name));
  }

  add(record: SandboxRecord): void {
    const key = keyOf(record.info.tenant, record.info.name);
    this.reserved.delete(key);
    this.records.set(key, record);
  }

  find(tenant: string, name: string): SandboxRecord | undefined {
    return this.records.get(keyOf(tenant, name));
  }

  get(tenant: string, name: string): SandboxRecord {
    const record = this.find(tenant, name);
    if (record === undefined) throw sandboxNotFound(name);
    return record;
  }

  remove(tenant: string, name: string): SandboxRecord | undefined {
    const key = keyOf(tenant, name);
    const record = this.records.get(key);
    this.records.delete(key);
    return record;
  }

  ofTenant(tenant: string): SandboxRecord[] {
    return [...this.records.values()].filter((r) => r.info.tenant === tenant);
  }

  all(): SandboxRecord[] {
    return [...this.records.values()];
  }

  containerIds(): Set<string> {
    return new Set(this.all().map((r) => r.info.containerId));
  }
}
