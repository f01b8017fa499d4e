import { describe, expect, it } from 'vitest';
import { memoizeValidator } from './memoize.js';
import { createValidator } from './validator.js';

describe('memoizeValidator', () => {
  it('answers the same code from memory, and other code or language afresh', () => {
    let calls = 0;
    const inner = createValidator();
    const counting = {
      ...inner,
      validate: (...args: Parameters<typeof inner.validate>) => (calls++, inner.validate(...args)),
    };
    const validator = memoizeValidator(counting, 2);
    const leaky = 'export default () => process.env.KEY;';

    const first = validator.validate(leaky, { language: 'javascript' });
    const again = validator.validate(leaky, { language: 'javascript' });
    expect(again).toBe(first);
    expect(first.findings.map((f) => f.ruleId)).toContain('no-process-env');
    validator.validate(leaky, { language: 'typescript' });
    validator.validate('export default () => 1;', { language: 'javascript' });
    expect(calls).toBe(3);

    // Beyond maxEntries the oldest answer is computed again.
    validator.validate(leaky, { language: 'javascript' });
    expect(calls).toBe(4);
  });

  it('freezes shared answers so one caller cannot change another one', () => {
    const validator = memoizeValidator(createValidator());
    const answer = validator.validate('export default () => process.env.KEY;', {
      language: 'javascript',
    });
    expect(() => answer.findings.pop()).toThrow(TypeError);
  });
});
