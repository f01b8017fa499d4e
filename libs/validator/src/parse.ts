import { parse as babelParse, type ParserPlugin } from '@babel/parser';
import type { Finding, Language } from '@airlock/core';
import { BoundedParser } from './acorn-bounded.js';
import type { Node } from './ast.js';

export type ParseOutcome = { ast: Node; sourceType: 'module' | 'script' } | { error: Finding };

interface LocatedError {
  message: string;
  loc?: { line: number; column: number };
  pos?: number;
}

function syntaxFinding(error: unknown): Finding {
  const located = error as LocatedError;
  const raw = typeof located.message === 'string' ? located.message : String(error);
  const message = raw.replace(/\s*\(\d+:\d+\)\s*$/, '');
  const finding: Finding = {
    ruleId: 'syntax-error',
    severity: 'error',
    message: `Syntax error: ${message}.`.replace(/\.\.$/, '.'),
  };
  if (located.loc) finding.start = { line: located.loc.line, column: located.loc.column + 1 };
  return finding;
}

function parseJavaScript(text: string): ParseOutcome {
  // No per-node locations: findings compute theirs from offsets (see positions.ts).
  const base = { ecmaVersion: 'latest', locations: false, allowHashBang: true } as const;
  try {
    return {
      ast: BoundedParser.parse(text, { ...base, sourceType: 'module' }) as unknown as Node,
      sourceType: 'module',
    };
  } catch (moduleError) {
    // Scripts accept what modules refuse (`with`, legacy octal, `await` as a name).
    try {
      return {
        ast: BoundedParser.parse(text, { ...base, sourceType: 'script' }) as unknown as Node,
        sourceType: 'script',
      };
    } catch {
      return { error: syntaxFinding(moduleError) };
    }
  }
}

const babelPlugins: Record<Exclude<Language, 'javascript'>, ParserPlugin[]> = {
  typescript: ['estree', 'typescript'],
  jsx: ['estree', 'jsx'],
  tsx: ['estree', 'jsx', 'typescript'],
};

/**
 * NOTE: Babel has no nesting bound like the JavaScript parser's; hostile nesting ends in a
 * RangeError that becomes a syntax error. In tests that held at every caller depth tried,
 * but it relies on V8 throwing rather than aborting when the stack runs out.
 */
function parseWithBabel(text: string, language: Exclude<Language, 'javascript'>): ParseOutcome {
  try {
    const file = babelParse(text, {
      sourceType: 'unambiguous',
      plugins: babelPlugins[language],
      allowAwaitOutsideFunction: true,
    });
    const program = file.program as unknown as Node;
    return { ast: program, sourceType: program.sourceType === 'script' ? 'script' : 'module' };
  } catch (error) {
    return { error: syntaxFinding(error) };
  }
}

/**
 * Parses source into an ESTree tree: acorn for JavaScript (module first, then script),
 * @babel/parser with its estree plugin for TypeScript and JSX. Never throws: a syntax
 * error, and a parser that runs out of stack on absurd nesting, become a finding.
 */
export function parseSource(text: string, language: Language): ParseOutcome {
  try {
    return language === 'javascript' ? parseJavaScript(text) : parseWithBabel(text, language);
  } catch (error) {
    return { error: syntaxFinding(error) };
  }
}

/** The language a file name implies; JavaScript when the extension says nothing. */
export function languageOfFile(filename: string): Language {
  if (/\.(ts|mts|cts)$/i.test(filename)) return 'typescript';
  if (/\.tsx$/i.test(filename)) return 'tsx';
  if (/\.jsx$/i.test(filename)) return 'jsx';
  return 'javascript';
}
