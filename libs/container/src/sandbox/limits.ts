import { InvalidInputError } from '@airlock/core';
import { z } from 'zod';
import { defaultSandboxLimits, type SandboxLimits } from '../types.js';

const limitsSchema = z
  .object({
    memoryMb: z.int().min(32).max(65_536),
    cpus: z.number().min(0.01).max(64),
    maxProcesses: z.int().min(8).max(32_768),
    diskMb: z.int().min(1).max(65_536),
    tmpMb: z.int().min(1).max(65_536),
    maxLifetimeMs: z
      .int()
      .min(1_000)
      .max(7 * 24 * 3_600_000),
    idleTimeoutMs: z
      .int()
      .min(500)
      .max(7 * 24 * 3_600_000),
  })
  .partial()
  .strict();

/** Fills the defaults in and refuses values outside the safe ranges, naming the field. */
export function resolveLimits(limits: Partial<SandboxLimits> = {}): SandboxLimits {
  const parsed = limitsSchema.safeParse(limits);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['limits', ...(issue?.path ?? [])].join('.');
    throw new InvalidInputError(field, issue?.message ?? 'not a valid limit', {
      hint: 'Leave the limit out for its default, or pick a value inside the documented range.',
    });
  }
  const given = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  return { ...defaultSandboxLimits, ...given };
}

/** True when two limit sets give the same container (lifetime and idle time are ours). */
export function sameContainerLimits(a: SandboxLimits, b: SandboxLimits): boolean {
  return (
    a.memoryMb === b.memoryMb &&
    a.cpus === b.cpus &&
    a.maxProcesses === b.maxProcesses &&
    a.diskMb === b.diskMb &&
    a.tmpMb === b.tmpMb
  );
}

const namePattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function validateName(name: unknown): string {
  if (typeof name !== 'string' || !namePattern.test(name)) {
    throw new InvalidInputError(
      'name',
      `expected 1 to 63 characters of [a-z0-9-], got ${JSON.stringify(name)}`,
      {
        hint: 'Use lower-case letters, digits and dashes, starting with a letter or digit.',
      },
    );
  }
  return name;
}

export function validateTenant(tenant: unknown): string {
  if (
    typeof tenant !== 'string' ||
    tenant.length === 0 ||
    tenant.length > 128 ||
    /[\p{Cc}]/u.test(tenant)
  ) {
    throw new InvalidInputError('tenant', 'expected 1 to 128 printable characters', {
      hint: 'Pass the tenant id the API key belongs to.',
    });
  }
  return tenant;
}

const envKeyPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Turns `{ KEY: value }` into Docker's `KEY=value` list, refusing keys a shell could misread. */
export function envList(env: Record<string, string> | undefined, field: string): string[] {
  return Object.entries(env ?? {}).map(([key, value]) => {
    if (!envKeyPattern.test(key)) {
      throw new InvalidInputError(field, `the variable name ${JSON.stringify(key)} is not valid`, {
        hint: 'Use letters, digits and underscores, not starting with a digit.',
      });
    }
    if (typeof value !== 'string' || value.includes('\0')) {
      throw new InvalidInputError(field, `the value of ${key} must be a string without NUL bytes`);
    }
    return `${key}=${value}`;
  });
}
