import type { Finding } from '@airlock/core';

/** Checks made on the raw input before any parser sees it. */
export interface ValidatorLimits {
  /** Largest accepted input. Default 256 KiB. */
  maxBytes: number;
  /** Most lines accepted. Default 10,000. */
  maxLines: number;
}

export const defaultLimits: ValidatorLimits = {
  maxBytes: 256 * 1024,
  maxLines: 10_000,
};

export interface LimitCheck {
  /** The decoded text, or undefined when the input must not be parsed at all. */
  text: string | undefined;
  findings: Finding[];
  bytes: number;
  lines: number;
}

/**
 * Unicode bidirectional controls: they reorder how source is displayed, so a reviewer can
 * read different code from what runs ("Trojan Source", CVE-2021-42574).
 */
const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

const fatalDecoder = new TextDecoder('utf-8', { fatal: true });

function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

/** Lines as an editor counts them: a final newline does not start another line. */
function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = text.endsWith('\n') ? 0 : 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
  return lines;
}

function decode(input: string | Uint8Array): { text?: string; bytes: number } {
  if (typeof input === 'string') return { text: input, bytes: Buffer.byteLength(input, 'utf8') };
  try {
    return { text: fatalDecoder.decode(input), bytes: input.byteLength };
  } catch {
    return { bytes: input.byteLength };
  }
}

/** Size, line count, encoding, NUL bytes and bidirectional controls, each as a finding. */
export function checkLimits(input: string | Uint8Array, limits: ValidatorLimits): LimitCheck {
  const { text, bytes } = decode(input);
  if (text === undefined) {
    const message = 'The input is not valid UTF-8; save the file as UTF-8.';
    return {
      text,
      bytes,
      lines: 0,
      findings: [{ ruleId: 'invalid-utf8', severity: 'error', message }],
    };
  }

  const lines = countLines(text);
  const findings: Finding[] = [];
  if (bytes > limits.maxBytes) {
    findings.push({
      ruleId: 'max-size',
      severity: 'error',
      message: `The input is ${bytes} bytes; at most ${limits.maxBytes} are accepted. Split it or raise limits.maxBytes.`,
    });
  }
  if (lines > limits.maxLines) {
    findings.push({
      ruleId: 'max-lines',
      severity: 'error',
      message: `The input has ${lines} lines; at most ${limits.maxLines} are accepted. Split it or raise limits.maxLines.`,
    });
  }
  if (findings.length > 0) return { text: undefined, bytes, lines, findings };

  const nul = text.indexOf('\0');
  if (nul !== -1) {
    findings.push({
      ruleId: 'no-nul-bytes',
      severity: 'error',
      message:
        'The input contains a NUL byte; source code never needs one. Remove it or use "\\0".',
      start: positionOf(text, nul),
    });
  }
  const bidi = bidiControls.exec(text);
  if (bidi) {
    const codePoint = bidi[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0');
    findings.push({
      ruleId: 'no-bidi-characters',
      severity: 'error',
      message: `The input contains the bidirectional control U+${codePoint}, which can make code display differently from how it runs. Remove it.`,
      start: positionOf(text, bidi.index),
    });
  }
  return { text, bytes, lines, findings };
}
