import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@airlock/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createDecider, defaultPolicyPath } from '../decide.js';
import { loadPolicy } from '../loader.js';
import { bundleFiles, entrypointName, loadWasmEngine } from './wasm-engine.js';

const hasOpa = spawnSync('opa', ['version'], { encoding: 'utf8' }).status === 0;
if (!hasOpa) console.log('opa-wasm tests skipped: no opa binary on PATH');

const temp = mkdtempSync(join(tmpdir(), 'airlock-wasm-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(temp, name);
  writeFileSync(path, bytes);
  return path;
}

describe('loadWasmEngine refuses what is not a compiled policy', () => {
  const refused: Array<{ name: string; bytes: Uint8Array | string; message: RegExp }> = [
    { name: 'a Rego source file', bytes: 'package airlock\n', message: /not a WebAssembly module/ },
    { name: 'an empty file', bytes: '', message: /not a WebAssembly module/ },
    {
      // Boundary: a valid WebAssembly module, but not one opa built (no opa_eval export).
      name: 'an empty WebAssembly module',
      bytes: new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
      message: /not a policy compiled by opa \(it does not export opa_eval_ctx_new/,
    },
    {
      name: 'a file with the WebAssembly header and garbage after it',
      bytes: new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0xff, 0xff]),
      message: /not a policy compiled by opa \(WebAssembly/,
    },
  ];

  it.each(refused)('refuses $name with a ConfigError', async ({ name, bytes, message }) => {
    const wasmPath = file(`${name.replaceAll(' ', '-')}.wasm`, bytes);
    const loading = loadWasmEngine({ wasmPath });
    await expect(loading).rejects.toBeInstanceOf(ConfigError);
    await expect(loading).rejects.toThrow(message);
  });

  it('names a missing file', async () => {
    const wasmPath = join(temp, 'missing.wasm');
    await expect(loadWasmEngine({ wasmPath })).rejects.toThrow(`${wasmPath}: cannot read`);
  });
});

describe('entrypointName', () => {
  it.each([
    ['data.airlock.decision', 'airlock/decision'],
    ['airlock.decision', 'airlock/decision'],
    ['data.a.b.c', 'a/b/c'],
  ])('%s is built as %s', (path, name) => expect(entrypointName(path)).toBe(name));
});

describe.skipIf(!hasOpa)('a bundle built by opa build -t wasm (needs opa on PATH)', () => {
  function buildBundle(): string {
    const source = join(temp, 'source');
    cpSync(join(defaultPolicyPath, 'decision.rego'), join(source, 'decision.rego'));
    // opa build reads data only from files named data.json: write the merged settings there.
    writeFileSync(join(source, 'data.json'), JSON.stringify(loadPolicy([defaultPolicyPath]).data));
    const bundle = join(temp, 'bundle.tar.gz');
    const args = ['build', '-t', 'wasm', '-e', 'airlock/decision', source, '-o', bundle];
    const built = spawnSync('opa', args, { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`opa build failed: ${built.stderr}`);
    const out = join(temp, 'bundle');
    mkdirSync(out);
    const untar = spawnSync('tar', ['-xzf', bundle, '-C', out], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
    return out;
  }

  const inputs = [
    { request: { tenant: 'demo', capabilities: ['log', 'fetch'] } },
    { request: { tenant: 'nobody' }, needs: { modules: ['lodash'], hosts: [], capabilities: [] } },
    {
      request: { tenant: 'demo', limits: { timeoutMs: 1e9 } },
      findings: [{ ruleId: 'no-eval', severity: 'error', message: 'eval' }],
    },
  ].map((partial) => ({
    findings: [],
    needs: { modules: [], hosts: [], capabilities: [] },
    ...partial,
  }));

  it('decides every input as the Rego engine does', async () => {
    const engine = await loadWasmEngine(bundleFiles(buildBundle()));
    expect(engine.kind).toBe('wasm');
    const wasm = createDecider({ engine });
    const rego = createDecider();
    for (const input of inputs) expect(wasm.decide(input)).toEqual(rego.decide(input));
  });
});
