/**
 * Stacks leave the isolate as text and are rebuilt here from the user's frames only.
 * Threat model: a stack must not reveal host paths, node internals or the bootstrap, so
 * every line that does not point into the user's file is dropped, whatever it says.
 */

/**
 * Rebuilds `stack` as `name: message` followed by the frames that point into `filename`
 * (for example `    at main (user-code.js:3:9)`).
 *
 * NOTE: a frame is recognised by the text `(<filename>:` or `at <filename>:`; a user
 * function whose *name* contains that text could forge a line, which reveals nothing.
 */
/** Frames kept at most, from the innermost; error text is not counted in maxOutputBytes. */
export const maxStackFrames = 50;
/** Names and messages are cut to this many characters. */
export const maxErrorTextChars = 8 * 1024;

export function filterStack(
  name: string,
  message: string,
  stack: string | undefined,
  filename: string,
): string {
  const header = message === '' ? name : `${name}: ${message}`;
  const frames = (stack ?? '')
    .split('\n')
    .filter((line) => isUserFrame(line, filename))
    .slice(0, maxStackFrames);
  return [header, ...frames.map((line) => `    ${line.trim()}`)].join('\n');
}

function isUserFrame(line: string, filename: string): boolean {
  const trimmed = line.trim();
  if (!trimmed.startsWith('at ')) return false;
  return trimmed.includes(`(${filename}:`) || trimmed.startsWith(`at ${filename}:`);
}
