/**
 * Turns a capability described with zod schemas into the executor's `Capability`.
 * Threat model: arguments come from untrusted code, so each is checked against its
 * schema before any handler runs, and each result is copied as plain JSON so that no host
 * object reaches the isolate. Counting and limiting calls is the executor's job.
 */
import { AirlockError, ErrorCode, InvalidInputError } from '@airlock/core';
import type { z } from 'zod';
import type { CallContext, Capability, Json } from '../types.js';
import { copyJson } from './json-value.js';

/** Names the executor implements itself; a host application cannot register these. */
export const builtinCapabilityNames: readonly string[] = ['log', 'kv', 'sql', 'fetch'];

const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface MethodSpec<Args extends z.ZodType = z.ZodType> {
  /** The schema of the whole arguments array, usually `z.tuple([...])`. */
  args: Args;
  /** Checked after the handler returns; a mismatch is a host bug, reported as internal. */
  result?: z.ZodType;
  /** Runs only with arguments that passed `args`. Returning undefined gives the code null. */
  handler(context: CallContext, args: z.output<Args>): unknown;
}

export interface CapabilitySpec<Methods extends Record<string, z.ZodType>> {
  /** What the code calls it: `env.<name>`. An identifier of at most 64 characters. */
  name: string;
  methods: { [Method in keyof Methods]: MethodSpec<Methods[Method]> };
}

/**
 * Defines a host application's own capability. Its name must be an identifier and must
 * not be one of the built-in capabilities.
 *
 * @example
 * defineCapability({
 *   name: 'weather',
 *   methods: {
 *     today: { args: z.tuple([z.string().max(100)]), handler: (_context, [city]) => lookUp(city) },
 *   },
 * });
 */
export function defineCapability<Methods extends Record<string, z.ZodType>>(
  spec: CapabilitySpec<Methods>,
): Capability {
  if (builtinCapabilityNames.includes(spec.name)) {
    throw new InvalidInputError(
      'capability name',
      `"${spec.name}" is a built-in capability; choose another name`,
    );
  }
  return buildCapability(spec);
}

/** `defineCapability` without the reserved-name check, for the built-ins themselves. */
export function buildCapability<Methods extends Record<string, z.ZodType>>(
  spec: CapabilitySpec<Methods>,
): Capability {
  checkName('capability name', spec.name);

  // No prototype: a lookup of `toString` or `__proto__` finds nothing instead of a host function.
  const methods: Capability['methods'] = Object.create(null) as Capability['methods'];
  for (const [methodName, method] of Object.entries<MethodSpec>(spec.methods)) {
    checkName(`method name of ${spec.name}`, methodName);
    methods[methodName] = wrapMethod(`${spec.name}.${methodName}`, method);
  }
  return { name: spec.name, methods };
}

function checkName(field: string, name: string): void {
  if (!identifier.test(name) || name in Object.prototype) {
    throw new InvalidInputError(
      field,
      `"${name}" is not allowed; use an identifier (letters, digits, _) of at most 64 characters`,
    );
  }
}

function wrapMethod(
  label: string,
  method: MethodSpec,
): (context: CallContext, args: Json[]) => Promise<Json> {
  return async (context, args) => {
    const parsed = await method.args.safeParseAsync(args, { reportInput: true });
    if (!parsed.success) throw new InvalidInputError(label, describeIssue(parsed.error.issues[0]));

    const returned = await method.handler(context, parsed.data);
    return checkResult(label, method, returned === undefined ? null : returned);
  };
}

function checkResult(label: string, method: MethodSpec, value: unknown): Json {
  if (method.result !== undefined) {
    const parsed = method.result.safeParse(value);
    if (!parsed.success) {
      throw new AirlockError(
        ErrorCode.Internal,
        `${label} returned a result that breaks its schema`,
        {
          context: { problem: parsed.error.issues[0]?.message },
        },
      );
    }
  }
  const copy = copyJson(value);
  if (copy === undefined) {
    throw new AirlockError(ErrorCode.Internal, `${label} returned a value that is not plain JSON`);
  }
  return copy;
}

type Issue = z.core.$ZodIssue;

/** `argument 2 must be a string, got number`: the position, then what was wrong. */
export function describeIssue(issue: Issue | undefined): string {
  if (issue === undefined) return 'arguments are invalid';
  const [position, ...fields] = issue.path;
  if (typeof position !== 'number') return describeArgumentCount(issue);

  const field = fields.length === 0 ? '' : ` field ${fields.map(String).join('.')}`;
  return `argument ${position + 1}${field} ${describeProblem(issue)}`;
}

function describeArgumentCount(issue: Issue): string {
  if (issue.code === 'too_big') return `takes at most ${plural(issue.maximum, 'argument')}`;
  if (issue.code === 'too_small') {
    const given = Array.isArray(issue.input) ? issue.input.length : 0;
    return `argument ${given + 1} is missing (needs at least ${plural(issue.minimum, 'argument')})`;
  }
  return `arguments ${lowerFirst(issue.message)}`;
}

function plural(count: number | bigint, noun: string): string {
  return `${String(count)} ${noun}${count === 1 ? '' : 's'}`;
}

function describeProblem(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `is missing (expected ${issue.expected})`
        : `must be ${issue.expected}, got ${typeName(issue.input)}`;
    case 'too_big':
      return `must be at most ${amount(issue.maximum, issue.origin)}`;
    case 'too_small':
      return `must be at least ${amount(issue.minimum, issue.origin)}`;
    case 'unrecognized_keys':
      return `has unknown keys: ${issue.keys.join(', ')}`;
    default:
      return /^(must|is|has) /.test(issue.message) ? issue.message : `is invalid: ${issue.message}`;
  }
}

function amount(count: number | bigint, origin: string): string {
  if (origin === 'string') return plural(count, 'character');
  if (origin === 'array' || origin === 'set') return plural(count, 'item');
  return String(count);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
