import { describe, expect, it } from 'vitest';
import { checkLimits, defaultLimits } from './limits.js';

const ids = (input: string | Uint8Array, limits = defaultLimits) =>
  checkLimits(input, limits).findings.map((f) => f.ruleId);

describe('checkLimits', () => {
  it('accepts ordinary code and counts bytes and lines', () => {
    const check = checkLimits('const a = "é";\nconst b = 2;\n', defaultLimits);
    expect(check.findings).toEqual([]);
    expect(check.bytes).toBe(29);
    expect(check.lines).toBe(2);
    expect(check.text).toContain('é');
  });

  it('refuses input over maxBytes and does not hand it to the parser', () => {
    const check = checkLimits('x'.repeat(101), { maxBytes: 100, maxLines: 10 });
    expect(check.findings.map((f) => f.ruleId)).toEqual(['max-size']);
    expect(check.findings[0]?.message).toContain('101 bytes; at most 100');
    expect(check.text).toBeUndefined();
  });

  // Exactly at the limit is accepted; one byte more is not.
  it('treats the limit as inclusive', () => {
    expect(ids('x'.repeat(100), { maxBytes: 100, maxLines: 10 })).toEqual([]);
  });

  it('refuses input over maxLines', () => {
    expect(ids('a\n'.repeat(11), { maxBytes: 1000, maxLines: 10 })).toEqual(['max-lines']);
  });

  // Ten lines that end with a newline are ten lines, not eleven.
  it('does not count a final newline as a line', () => {
    expect(ids('a\n'.repeat(10), { maxBytes: 1000, maxLines: 10 })).toEqual([]);
    expect(ids('a\n'.repeat(9) + 'a', { maxBytes: 1000, maxLines: 10 })).toEqual([]);
  });

  it('reports invalid UTF-8 in byte input', () => {
    const bytes = Uint8Array.from([0x61, 0xff, 0xfe, 0x62]);
    const check = checkLimits(bytes, defaultLimits);
    expect(check.findings.map((f) => f.ruleId)).toEqual(['invalid-utf8']);
    expect(check.text).toBeUndefined();
  });

  it('reports a NUL byte with its position', () => {
    const check = checkLimits('let a = 1;\nlet b = "\0";', defaultLimits);
    expect(check.findings[0]).toMatchObject({
      ruleId: 'no-nul-bytes',
      start: { line: 2, column: 10 },
    });
  });

  it('reports Trojan Source bidirectional controls', () => {
    const code =
      'const isAdmin = false;\n/*\u202E } \u2066if (isAdmin)\u2069 \u2066 begin admins only */';
    const check = checkLimits(code, defaultLimits);
    expect(check.findings[0]).toMatchObject({ ruleId: 'no-bidi-characters', start: { line: 2 } });
    expect(check.findings[0]?.message).toContain('U+202E');
  });

  // Arabic and Hebrew text itself is not a control character.
  it('accepts right-to-left text without controls', () => {
    expect(ids('const greeting = "שלום مرحبا";')).toEqual([]);
  });
});
