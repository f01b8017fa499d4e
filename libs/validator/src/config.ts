import { ConfigError, type Severity } from '@airlock/core';
import { z } from 'zod';
import { defaultLimits, type ValidatorLimits } from './limits.js';
import type { Rule } from './rule.js';
import { checkRuleOptions } from './rule-options.js';

export type RuleLevel = Severity | 'off';

const levelSchema = z.enum(['off', 'warning', 'error'], {
  error: (issue) => `expected "off", "warning" or "error", got ${JSON.stringify(issue.input)}`,
});

const ruleSettingSchema = z.union(
  [
    levelSchema,
    z.strictObject({
      severity: levelSchema.optional(),
      options: z.record(z.string(), z.unknown()).optional(),
    }),
  ],
  {
    error: (issue) =>
      `expected "off", "warning", "error" or { severity, options }, got ${JSON.stringify(issue.input)}`,
  },
);

const notPositiveWhole = (issue: { input?: unknown }) =>
  `expected a whole number above 0, got ${JSON.stringify(issue.input) ?? String(issue.input)}`;
const limitSchema = z
  .number({ error: notPositiveWhole })
  .int({ error: notPositiveWhole })
  .positive({ error: notPositiveWhole });

/** The validator's part of a project's configuration, as written in a config file. */
export const validatorConfigSchema = z.strictObject({
  rules: z.record(z.string(), ruleSettingSchema).optional(),
  limits: z
    .strictObject({ maxBytes: limitSchema.optional(), maxLines: limitSchema.optional() })
    .optional(),
});

/** The keys each object of the configuration takes, by its path, for unknown-key errors. */
const knownKeys: Record<string, string> = {
  '': 'rules and limits',
  limits: 'maxBytes and maxLines',
};

export type ValidatorConfig = z.infer<typeof validatorConfigSchema>;

export interface ActiveRule {
  rule: Rule;
  severity: Severity;
  options: Record<string, unknown>;
}

export interface ResolvedConfig {
  rules: ActiveRule[];
  limits: ValidatorLimits;
}

/**
 * Checks a configuration value read from a file or an API and returns it typed. Errors
 * name the key that is wrong and what it accepts.
 */
export function parseValidatorConfig(value: unknown): ValidatorConfig {
  const parsed = validatorConfigSchema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const at = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = [...issue.path.map(String), issue.keys[0] ?? ''].join('.');
    const takes = knownKeys[at];
    throw new ConfigError(key, takes ? `unknown key; expected ${takes}` : 'unknown key', {
      hint: 'Check the spelling; see docs/cli.md (Configuration) for the format.',
    });
  }
  throw new ConfigError(at === '' ? '(top level)' : at, issue.message, {
    hint: 'rules take "off", "warning", "error" or { severity, options }; limits take positive integers.',
  });
}

/**
 * Applies a configuration to the known rules. An unknown rule id, or an option the rule
 * does not declare or of the wrong kind, is a configuration error.
 */
export function resolveConfig(
  rules: readonly Rule[],
  config: ValidatorConfig = {},
): ResolvedConfig {
  const byId = new Map(rules.map((rule) => [rule.meta.id, rule]));
  for (const id of Object.keys(config.rules ?? {})) {
    if (!byId.has(id)) {
      throw new ConfigError(`rules.${id}`, `there is no rule named "${id}"`, {
        hint: 'Run `airlock lint --list-rules` for the rule ids, or see docs/rules/.',
      });
    }
  }

  const active: ActiveRule[] = [];
  for (const rule of rules) {
    const setting = config.rules?.[rule.meta.id];
    const level: RuleLevel =
      typeof setting === 'string' ? setting : (setting?.severity ?? rule.meta.severity);
    if (level === 'off') continue;
    const options = typeof setting === 'object' ? (setting.options ?? {}) : {};
    checkRuleOptions(rule, options);
    active.push({ rule, severity: level, options });
  }
  return { rules: active, limits: { ...defaultLimits, ...config.limits } };
}
