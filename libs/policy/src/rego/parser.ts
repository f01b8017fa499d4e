/**
 * The Rego parser's entry points. Every failure is a `RegoError` with code
 * `rego_parse_error`, the place (`file:line:col`) and what was found versus expected.
 */
import type { Expr, Module, Term } from './ast.js';
import { ModuleParser } from './parser-rules.js';

/** Parses one `.rego` file: `package`, imports, then rules. */
export function parseModule(source: string, file: string): Module {
  return new ModuleParser(source, file).parseModule();
}

/** Parses a query: expressions separated by `;` or newlines, such as `x := data.a; x > 1`. */
export function parseQuery(source: string, file = 'query'): Expr[] {
  return new ModuleParser(source, file).parseQueryBody();
}

/** Parses one term, such as a conformance case's `input_term` (`{"foo": {{1}}}`). */
export function parseTerm(source: string, file = 'input'): Term {
  return new ModuleParser(source, file).parseSingleTerm();
}
