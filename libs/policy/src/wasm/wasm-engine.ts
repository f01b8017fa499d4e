/**
 * A policy bundle compiled elsewhere by `opa build -t wasm -e airlock/decision`, run by
 * `@open-policy-agent/opa-wasm` behind the same PolicyEngine interface as the Rego engine.
 *
 * NOTE: the wasm runtime counts neither steps nor time: `stepBudget` and `timeBudgetMs`
 * are ignored, so a bundle that loops runs until it ends. Use it only for bundles the
 * security team built and reviewed; the Rego engine enforces both budgets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@airlock/core';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import type { PolicyEngine } from '../policy-engine.js';

const wasmMagic = [0x00, 0x61, 0x73, 0x6d];

export interface WasmBundleFiles {
  /** The compiled policy: `policy.wasm` from the bundle. */
  wasmPath: string;
  /** The bundle's `data.json`, when it has one. */
  dataPath?: string;
}

/** `data.airlock.decision` → `airlock/decision`, the name `opa build -e` gives an entrypoint. */
export function entrypointName(path: string): string {
  const steps = path.split('.').filter((s) => s.length > 0);
  if (steps[0] === 'data') steps.shift();
  return steps.join('/');
}

function readFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(path, `cannot read the ${what}`, {
      cause: error,
      hint: 'Check the path.',
    });
  }
}

function isWasm(bytes: Uint8Array): boolean {
  return wasmMagic.every((byte, i) => bytes[i] === byte);
}

export class WasmPolicyEngine implements PolicyEngine {
  readonly kind = 'wasm' as const;

  constructor(private readonly loaded: LoadedPolicy) {}

  /** The entrypoints the bundle was built with, such as `airlock/decision`. */
  get entrypoints(): string[] {
    return Object.keys(this.loaded.entrypoints as Record<string, number>);
  }

  evaluate(entrypoint: string, input: unknown): unknown {
    const name = entrypointName(entrypoint);
    if (!this.entrypoints.includes(name)) {
      throw new ConfigError(entrypoint, `is not an entrypoint of the wasm bundle`, {
        hint: `Build with \`opa build -t wasm -e ${name}\`; it has ${this.entrypoints.join(', ')}.`,
      });
    }
    const results = this.loaded.evaluate(input, name) as Array<{ result?: unknown }>;
    return results[0]?.result;
  }
}

/**
 * Loads `policy.wasm` (and the bundle's data) into a WasmPolicyEngine. A file that is not
 * WebAssembly is refused with a ConfigError before the runtime sees it.
 */
export async function loadWasmEngine(files: WasmBundleFiles): Promise<WasmPolicyEngine> {
  const bytes = readFile(files.wasmPath, 'compiled policy');
  if (!isWasm(bytes)) {
    throw new ConfigError(files.wasmPath, 'is not a WebAssembly module (no \\0asm header)', {
      hint: 'Give the policy.wasm of a bundle built by `opa build -t wasm -e airlock/decision`.',
    });
  }
  const loaded = await instantiate(bytes, files.wasmPath);
  if (files.dataPath !== undefined) {
    loaded.setData(parseData(readFile(files.dataPath, 'bundle data'), files.dataPath));
  }
  return new WasmPolicyEngine(loaded);
}

function parseData(bytes: Buffer, path: string): object {
  try {
    return JSON.parse(bytes.toString('utf8')) as object;
  } catch (error) {
    throw new ConfigError(path, 'is not valid JSON', { cause: error });
  }
}

/** Every bundle `opa build -t wasm` writes exports these; anything else is another program. */
const requiredExports = ['opa_eval_ctx_new', 'opa_wasm_abi_version', 'entrypoints', 'builtins'];

/** The part of the WebAssembly global used here (Node has it; this lib config does not type it). */
interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<object>;
  Module: { exports(module: object): Array<{ name: string }> };
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

async function instantiate(bytes: Buffer, path: string): Promise<LoadedPolicy> {
  try {
    const module = await webAssembly.compile(bytes);
    const exported = new Set(webAssembly.Module.exports(module).map((e) => e.name));
    const missing = requiredExports.filter((name) => !exported.has(name));
    if (missing.length > 0) throw new Error(`it does not export ${missing.join(', ')}`);
    return await loadPolicy(module as Parameters<typeof loadPolicy>[0]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(path, `is not a policy compiled by opa (${reason})`, {
      cause: error,
      hint: 'Build it with `opa build -t wasm -e airlock/decision <policy folder>`.',
    });
  }
}

/** The files of an unpacked bundle folder: `policy.wasm` and, when present, `data.json`. */
export function bundleFiles(dir: string): WasmBundleFiles {
  const wasmPath = join(dir, 'policy.wasm');
  const dataPath = join(dir, 'data.json');
  return existsSync(dataPath) ? { wasmPath, dataPath } : { wasmPath };
}
