import { testRule } from '../test-helpers.js';
import { noGiantAllocation } from './no-giant-allocation.js';

testRule(noGiantAllocation, {
  valid: [
    'const a = new Array(10);',
    // A size held in a variable is the memory limit's business.
    'const a = new Array(n);',
    "const rule = '-'.repeat(80);",
    'const b = Buffer.alloc(1024);',
    // Exactly at the limit is still accepted.
    'const a = new Array(10_000_000);',
    // Several arguments are elements, not a length.
    'const a = new Array(1e8, 2);',
    'const bytes = new Uint8Array(64 * 1024);',
    'const z = Array.from({ length: 100 }, (_, i) => i);',
    // A raised limit admits the allocation.
    { code: 'const a = new Array(5e7);', options: { maxElements: 1e8 } },
    { code: 'const a = new Array<number>(1000).fill(0);', language: 'typescript' },
  ],
  invalid: [
    'const a = new Array(1e8);',
    'const a = Array(1e8);',
    'new Array(1e8).fill(1);',
    'const s = new Array(1e8).join();',
    'const a = Array.from({ length: 1e9 });',
    "const s = 'x'.repeat(1e9);",
    // 2 characters × 6,000,000 = 12,000,000 characters.
    "const s = 'ab'.repeat(6e6);",
    'const buf = new ArrayBuffer(2 ** 31);',
    'const shared = new SharedArrayBuffer(1024 * 1024 * 1024);',
    // Small now, but allowed to grow past the limit.
    'const grow = new ArrayBuffer(8, { maxByteLength: 2 ** 32 });',
    'const b = Buffer.alloc(200 * 1024 * 1024);',
    'const b = Buffer.allocUnsafe(1e9);',
    'const a = new Uint8Array(1e9);',
    // 20,000,000 elements × 8 bytes = 160,000,000 bytes.
    'const a = new Float64Array(20_000_000);',
    'const a = new Array(100_000_000);',
    'const a = new globalThis.Array(Math.pow(10, 8));',
    { code: 'new Array(10_000) ', options: { maxElements: 1000 } },
    { code: 'const a: number[] = new Array<number>(1e8).fill(0);', language: 'typescript' },
  ],
});
