import type { Node } from '../../ast.js';
import type { RuleContext } from '../../rule.js';

/**
 * A report function for the rules whose messages read "Found <what was found>: <why it
 * is refused and what to do instead>", with the reason written once per rule.
 */
export function foundReporter(
  context: RuleContext,
  why: string,
): (node: Node, found: string) => void {
  return (node, found) => context.report({ node, message: `Found ${found}: ${why}` });
}
