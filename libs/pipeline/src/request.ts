/**
 * The request the pipeline accepts, from the gateway or the CLI. It is checked here, at
 * the library's edge, so a caller that skips its own checks still cannot hand the
 * validator, the policy or an executor a shape they do not expect.
 */
import { InvalidInputError } from '@airlock/core';
import { z } from 'zod';

const limitValue = z.number().positive().finite();

/** Limits a request may ask for; the decision's limits cap each of them. */
export const requestLimitsSchema = z.strictObject({
  timeoutMs: limitValue.optional(),
  wallTimeMs: limitValue.optional(),
  memoryMb: limitValue.optional(),
  maxOutputBytes: limitValue.optional(),
  maxCapabilityCalls: limitValue.optional(),
  /** Container limits: accepted and passed to the policy; isolates ignore them. */
  maxProcesses: limitValue.optional(),
  diskMb: limitValue.optional(),
});

export const pipelineRequestSchema = z.strictObject({
  tenant: z.string().min(1).max(256),
  user: z.string().max(256).optional(),
  agent: z.string().max(256).optional(),
  language: z.enum(['javascript', 'typescript']),
  code: z.string(),
  input: z.json().optional(),
  /** Asked for explicitly; when absent the policy grants from what the code appears to use. */
  capabilities: z.array(z.string().min(1).max(128)).max(64).optional(),
  runtime: z.enum(['auto', 'isolate', 'container']).optional(),
  limits: requestLimitsSchema.optional(),
  /** `false` skips the validator, where the pipeline allows it. Default true. */
  validate: z.boolean().optional(),
});

export type PipelineRequest = z.infer<typeof pipelineRequestSchema>;
export type RequestLimits = z.infer<typeof requestLimitsSchema>;

/**
 * Checks `raw` against `schema`; the first problem becomes an InvalidInputError naming the
 * field (such as `limits.memoryMb`, or `body` for the whole), with `hint` as the fix.
 */
export function parseStrict<T>(schema: z.ZodType<T>, raw: unknown, hint: string): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String) ?? [];
  const unknownKey = issue?.code === 'unrecognized_keys';
  if (unknownKey) path.push(issue.keys[0] ?? '');
  const field = path.length === 0 ? 'request' : path.join('.');
  const problem = unknownKey ? 'is not a known field' : (issue?.message ?? 'is not valid');
  throw new InvalidInputError(field, problem, { hint });
}

/** Checks a request; a bad one is an InvalidInputError naming the field, e.g. `limits.memoryMb`. */
export function parseRequest(raw: unknown): PipelineRequest {
  return parseStrict(
    pipelineRequestSchema,
    raw,
    'A request is { tenant, language, code, input?, capabilities?, runtime?, limits?, validate? }.',
  );
}
