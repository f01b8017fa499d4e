import { describe, expect, it } from 'vitest';
import { filterStack } from './stack-filter.js';

describe('filterStack', () => {
  const stack = [
    'TypeError: bad',
    '    at inner (user-code.js:2:9)',
    '    at airlock-bootstrap.js:120:5',
    '    at run (airlock-bootstrap.js:118:20)',
    '    at (<isolated-vm boundary>)',
    '    at Object.execute (/work/main/libs/isolate/dist/worker/run-execution.js:80:3)',
    '    at node:internal/process/task_queues:95:5',
    '    at user-code.js:4:1',
  ].join('\n');

  it('keeps the header and the frames of the user file only', () => {
    expect(filterStack('TypeError', 'bad', stack, 'user-code.js')).toBe(
      ['TypeError: bad', '    at inner (user-code.js:2:9)', '    at user-code.js:4:1'].join('\n'),
    );
  });

  it('rebuilds the header from name and message, ignoring what the stack claims', () => {
    const forged = 'Error: /etc/passwd at /work/secret\n    at f (user-code.js:1:1)';
    expect(filterStack('Error', 'x', forged, 'user-code.js')).toBe(
      'Error: x\n    at f (user-code.js:1:1)',
    );
  });

  it('answers the header alone for an empty or missing stack', () => {
    expect(filterStack('RangeError', 'too far', undefined, 'user-code.js')).toBe(
      'RangeError: too far',
    );
    expect(filterStack('Error', '', '', 'user-code.ts')).toBe('Error');
  });

  it('keeps at most the innermost 50 frames', () => {
    const deep = [
      'RangeError: deep',
      ...Array.from({ length: 200 }, (_, i) => `    at f (user-code.js:${i}:1)`),
    ];
    const filtered = filterStack('RangeError', 'deep', deep.join('\n'), 'user-code.js').split('\n');
    expect(filtered).toHaveLength(51);
    expect(filtered[1]).toBe('    at f (user-code.js:0:1)');
  });

  // Boundary: a frame of another file whose name merely contains the user file's name.
  it('drops frames of files that only contain the user file name', () => {
    const other = 'Error: x\n    at f (/tmp/not-user-code.js:1:1)\n    at g (xuser-code.js:1:1)';
    expect(filterStack('Error', 'x', other, 'user-code.js')).toBe('Error: x');
  });
});
