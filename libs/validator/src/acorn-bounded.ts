import { Parser } from 'acorn';

/**
 * Most nested expressions and statements the JavaScript parser follows. Real code stays
 * far below; hostile input is refused as a syntax error long before the call stack runs
 * out. That matters because running out of stack inside the parser can land in V8's
 * regular-expression compiler, which aborts the whole process instead of throwing.
 */
export const maxParserDepth = 500;

type AnyParser = { raise(pos: number, message: string): never; start: number; depth: number };
type Method = (this: AnyParser, a?: unknown, b?: unknown, c?: unknown, d?: unknown) => unknown;

const recursiveMethods = ['parseMaybeAssign', 'parseMaybeUnary', 'parseStatement'] as const;

function bounded(base: typeof Parser): typeof Parser {
  const BoundedParser = class extends base {
    depth = 0;
  };
  const prototype = BoundedParser.prototype as unknown as Record<string, Method>;
  const parent = base.prototype as unknown as Record<string, Method>;
  for (const name of recursiveMethods) {
    const original = parent[name] as Method;
    // No try/finally: a thrown error ends the whole parse, and this parser instance with it.
    // Fixed arguments (these methods take at most four) spare an array per call.
    prototype[name] = function (this: AnyParser, a, b, c, d) {
      if ((this.depth += 1) > maxParserDepth) {
        this.raise(this.start, `code is nested more than ${maxParserDepth} levels deep`);
      }
      const result = original.call(this, a, b, c, d);
      this.depth -= 1;
      return result;
    };
  }
  return BoundedParser;
}

/** acorn's parser with a nesting bound; otherwise the same. */
export const BoundedParser = Parser.extend(bounded);
