import type { SourcePosition } from '@airlock/core';

/**
 * Turns character offsets into 1-based lines and columns. The JavaScript parser runs
 * without per-node locations (they cost about a third of its time); positions are
 * computed here only for the nodes that end up in findings.
 */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  position(offset: number): SourcePosition {
    const starts = (this.starts ??= this.lineStarts());
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  }

  private lineStarts(): number[] {
    const starts = [0];
    const pattern = /\r\n?|[\n\u2028\u2029]/g;
    for (let match = pattern.exec(this.text); match; match = pattern.exec(this.text)) {
      starts.push(match.index + match[0].length);
    }
    return starts;
  }
}
