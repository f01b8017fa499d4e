import type { Node } from '../../ast.js';
import { charCodePaths, decoderNames } from './fold-methods.js';
import { globalPath } from './fold.js';
import { argumentsOf, calleeOf, staticString } from './nodes.js';

/** Global paths of the calls that turn encoded text or character codes into a string. */
export const decodingCalls: ReadonlySet<string> = new Set([...decoderNames, ...charCodePaths]);

const binaryEncodings = new Set(['base64', 'base64url', 'hex']);

/**
 * The decoding call a node is, named for a message (`atob()`, `String.fromCharCode()`,
 * `Buffer.from(…, 'hex')`), or undefined. Decoding is how code hides a name or a program
 * from a reader, so rules look for it next to the places where code runs.
 */
export function decoderOf(node: Node): string | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const path = globalPath(calleeOf(node));
  if (path !== undefined && decodingCalls.has(path)) return `${path}()`;
  const encoding = staticString(argumentsOf(node)[1]);
  if (path === 'Buffer.from' && encoding !== undefined && binaryEncodings.has(encoding)) {
    return `Buffer.from(…, '${encoding}')`;
  }
  return undefined;
}
