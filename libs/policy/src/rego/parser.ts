/**
 * The Rego parser's entry points. Every failure is a `RegoError` with code
 * `rego_parse_error`, the place (`file:line:col`) and what was found versus expected.
 */
import type { Expr, Module, Term } from './ast.js';
import { RegoError } from './errors.js';
import { ModuleParser } from './parser-rules.js';

/** Parses one `.rego` file: `package`, imports, then rules. */
export function parseModule(source: string, file: string): Module {
  return guard(file, () => new ModuleParser(source, file).parseModule());
}

/** Parses a query: expressions separated by `;` or newlines, such as `x := data.a; x > 1`. */
export function parseQuery(source: string, file = 'query'): Expr[] {
  return guard(file, () => new ModuleParser(source, file).parseQueryBody());
}

/** Parses one term, such as a conformance case's `input_term` (`{"foo": {{1}}}`). */
export function parseTerm(source: string, file = 'input'): Term {
  return guard(file, () => new ModuleParser(source, file).parseSingleTerm());
}

/** The depth limit should stop runaway nesting first; a stack overflow still fails closed. */
function guard<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const loc = { file, line: 1, column: 1 };
    throw new RegoError('rego_parse_error', 'max parsing recursion depth exceeded', loc);
  }
}
