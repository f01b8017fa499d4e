import { transform } from 'sucrase';

export type TranspileResult =
  | { ok: true; code: string }
  | { ok: false; error: { name: string; message: string; stack: string } };

/**
 * TypeScript to JavaScript with sucrase, type annotations removed in place so every line
 * and column the user wrote stays where it was: stacks then point at the user's lines.
 * JavaScript passes through untouched.
 */
export function transpile(
  code: string,
  language: 'javascript' | 'typescript',
  filename: string,
): TranspileResult {
  if (language === 'javascript') return { ok: true, code };
  try {
    const output = transform(code, {
      transforms: ['typescript'],
      disableESTransforms: true,
      keepUnusedImports: true,
      filePath: filename,
    });
    return { ok: true, code: output.code };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const located = `${message} [${filename}${lineSuffix(error)}]`;
    return {
      ok: false,
      error: { name: 'SyntaxError', message: located, stack: `SyntaxError: ${located}` },
    };
  }
}

/** sucrase puts `loc` on its syntax errors, numbered as in its own message. */
function lineSuffix(error: unknown): string {
  const loc = (error as { loc?: { line?: unknown; column?: unknown } }).loc;
  if (typeof loc?.line !== 'number' || typeof loc.column !== 'number') return '';
  return `:${loc.line}:${loc.column}`;
}
