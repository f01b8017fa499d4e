import type { Location } from './ast.js';

/** The classes of Rego failure, named as Open Policy Agent names them. */
export type RegoErrorCode =
  | 'rego_parse_error'
  | 'rego_compile_error'
  | 'rego_type_error'
  | 'rego_recursion_error'
  | 'eval_type_error'
  | 'eval_builtin_error'
  | 'eval_conflict_error'
  | 'eval_budget_error';

/**
 * A parse, compile or evaluation failure. The message reads
 * `file:line:col: code: what went wrong`, so a policy author can jump to it.
 */
export class RegoError extends Error {
  override readonly name = 'RegoError';
  readonly code: RegoErrorCode;
  readonly loc: Location | undefined;
  readonly detail: string;

  constructor(code: RegoErrorCode, detail: string, loc?: Location) {
    const where = loc ? `${loc.file}:${loc.line}:${loc.column}: ` : '';
    super(`${where}${code}: ${detail}`);
    this.code = code;
    this.loc = loc;
    this.detail = detail;
  }
}

/**
 * Thrown by a builtin for a bad argument or a failed operation. In strict mode
 * (`strictBuiltinErrors`) it aborts evaluation with its kind as the code; otherwise the
 * evaluator makes the expression undefined, as Open Policy Agent does. Messages start
 * with the builtin's name: `count: operand 1 must be one of {array, object, set, string}
 * but got number`.
 */
export class BuiltinError extends Error {
  readonly kind: 'eval_type_error' | 'eval_builtin_error';

  constructor(kind: 'eval_type_error' | 'eval_builtin_error', message: string) {
    super(message);
    this.kind = kind;
  }
}
