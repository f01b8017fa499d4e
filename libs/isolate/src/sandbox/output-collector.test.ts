import { describe, expect, it } from 'vitest';
import { OutputCollector, truncatedMarker } from './output-collector.js';

const entry = (message: string) => ({ level: 'log' as const, source: 'console' as const, message });
const entryBytes = Buffer.byteLength(JSON.stringify(entry('0123456789')));

describe('OutputCollector', () => {
  it('keeps entries within the budget', () => {
    const output = new OutputCollector(entryBytes * 2);
    expect(output.add(entry('0123456789'))).toBe(true);
    expect(output.add(entry('0123456789'))).toBe(true);
    expect(output.finish()).toHaveLength(2);
  });

  it('drops entries past the budget and ends with one marker', () => {
    const output = new OutputCollector(entryBytes * 2);
    for (let i = 0; i < 5; i++) output.add(entry('0123456789'));
    const logs = output.finish();
    expect(logs).toHaveLength(3);
    expect(logs[2]?.message).toBe(truncatedMarker);
  });

  it('drops the latest entries to make room for the result', () => {
    const output = new OutputCollector(entryBytes * 3);
    output.add(entry('first-one!'));
    output.add(entry('second-one'));
    output.add(entry('third-one!'));
    const logs = output.finish(entryBytes * 2);
    expect(logs.map((log) => log.message)).toEqual(['first-one!', truncatedMarker]);
  });

  // Boundary: multi-byte characters count as their UTF-8 bytes, not as characters.
  it('counts UTF-8 bytes', () => {
    const output = new OutputCollector(entryBytes);
    expect(output.add(entry('ééééééééé'))).toBe(false);
  });
});
