import { createHash } from 'node:crypto';
import { LruCache, deepFreeze } from '@airlock/core';
import type { ValidateOptions, ValidationResult, Validator } from './validator.js';

/**
 * A validator that remembers its last `maxEntries` answers by a SHA-256 of the language,
 * file name and code: validation is a pure function of those and the configuration, and an
 * agent runs the same tool code again and again with new input. Answers are frozen, since
 * every caller of the same code shares one.
 */
export function memoizeValidator(validator: Validator, maxEntries = 512): Validator {
  const answers = new LruCache<string, ValidationResult>(maxEntries);
  return {
    config: validator.config,
    validate(source: string | Uint8Array, options: ValidateOptions = {}): ValidationResult {
      const hash = createHash('sha256');
      hash.update(`${options.language ?? ''}\0${options.filename ?? ''}\0`);
      hash.update(source);
      const key = hash.digest('hex');
      const known = answers.get(key);
      if (known !== undefined) return known;
      const answer = deepFreeze(validator.validate(source, options));
      answers.set(key, answer);
      return answer;
    },
  };
}
