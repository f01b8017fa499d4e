import type { Severity } from '@airlock/core';
import type { Node } from './ast.js';

export type RuleCategory =
  | 'input'
  | 'dynamic-code'
  | 'host-access'
  | 'sandbox-escape'
  | 'resources'
  | 'secrets'
  | 'obfuscation'
  | 'packages';

/** The kinds of value a rule option takes; the configuration is checked against them. */
export type RuleOptionKind = 'positive-number' | 'string-list';

export interface RuleMeta {
  /** Kebab-case, the same as the rule's file name and doc page. */
  id: string;
  severity: Severity;
  category: RuleCategory;
  /** One line: what the rule flags. */
  description: string;
  /** The options the rule reads, by name. A rule without this takes no options. */
  options?: Readonly<Record<string, RuleOptionKind>>;
}

export interface Report {
  node: Node;
  message: string;
}

/**
 * What a rule gets while the tree is walked. Deliberately a subset of ESLint's rule
 * context (`report`, `options`), so the ESLint plugin can hand rules ESLint's own.
 */
export interface RuleContext {
  report(report: Report): void;
  /** The rule's options from the project's configuration; `{}` when none were given. */
  options: Record<string, unknown>;
}

/**
 * Node-type visitors, called on entering a node, or on leaving it for `Type:exit` keys.
 * Only these two selector forms are used, so ESLint runs the same visitors.
 */
export type Visitors = Record<string, (node: Node) => void>;

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): Visitors;
}
