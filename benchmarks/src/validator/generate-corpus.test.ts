import { validate } from '@airlock/validator';
import { describe, expect, it } from 'vitest';
import { generateCorpus, generateSnippet } from './generate-corpus.js';

describe('the generated corpus', () => {
  const javascript = generateCorpus(200_000, { typescript: false, seed: 1 });
  const typescript = generateCorpus(200_000, { typescript: true, seed: 1 });

  it('is the same text for the same seed, and other text for another seed', () => {
    expect(generateCorpus(200_000, { typescript: false, seed: 1 })).toEqual(javascript);
    expect(generateCorpus(200_000, { typescript: false, seed: 2 })).not.toEqual(javascript);
  });

  it('comes in files of 10 to 50 KB that add up to the size asked for', () => {
    const sizes = javascript.map((file) => Buffer.byteLength(file));
    expect(sizes.every((bytes) => bytes >= 10_000 && bytes < 52_000)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(200_000);
  });

  it('parses as JavaScript and as TypeScript, so the validator does its full work', () => {
    for (const file of javascript) expect(validate(file).parsed).toBe(true);
    for (const file of typescript)
      expect(validate(file, { language: 'typescript' }).parsed).toBe(true);
  });

  it('contains risky patterns for the rules to find', () => {
    const ruleIds = new Set(
      javascript.flatMap((file) => validate(file).findings.map((f) => f.ruleId)),
    );
    expect(ruleIds.size).toBeGreaterThanOrEqual(3);
  });

  it('makes a request-sized snippet of about 2 KB', () => {
    const bytes = Buffer.byteLength(generateSnippet(2048, { typescript: false, seed: 11 }));
    expect(bytes).toBeGreaterThanOrEqual(2048);
    expect(bytes).toBeLessThan(4096);
  });
});
