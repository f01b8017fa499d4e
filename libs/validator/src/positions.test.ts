import { describe, expect, it } from 'vitest';
import { LineIndex } from './positions.js';

describe('LineIndex', () => {
  const index = new LineIndex('ab\ncd\r\nef\rg\u2028h');

  it.each([
    [0, 1, 1],
    [1, 1, 2],
    // The newline itself still belongs to its line.
    [2, 1, 3],
    [3, 2, 1],
    // \r\n is one line break.
    [7, 3, 1],
    // A lone \r and U+2028 break lines too, as in JavaScript.
    [10, 4, 1],
    [12, 5, 1],
  ])('offset %i is line %i, column %i', (offset, line, column) => {
    expect(index.position(offset)).toEqual({ line, column });
  });

  it('places an offset past the end on the last line', () => {
    expect(new LineIndex('x').position(5)).toEqual({ line: 1, column: 6 });
  });
});
