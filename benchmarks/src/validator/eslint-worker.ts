/**
 * ESLint in its own worker thread. ESLint's parser (espree) is built on the same acorn as
 * Airlock's; in one thread each makes acorn's hot functions see the other's object shapes
 * and both run slower than either would alone. A worker has its own V8 isolate and JIT.
 */
import { parentPort } from 'node:worker_threads';
import { EslintBaseline, type SourceType } from './eslint-baseline.js';

export interface EslintFile {
  text: string;
  sourceType: SourceType;
}

export type EslintRequest =
  { kind: 'check'; files: EslintFile[] } | { kind: 'load'; files: EslintFile[] } | { kind: 'pass' };

export type EslintReply =
  | { kind: 'check'; parses: boolean[] }
  | { kind: 'load' }
  | { kind: 'pass'; ms: number; cpuMs: number };

const eslint = new EslintBaseline();
let loaded: EslintFile[] = [];

function answer(request: EslintRequest): EslintReply {
  if (request.kind === 'check') {
    const parses = request.files.map(
      (f) => eslint.verify(f.text, f.sourceType).fatal === undefined,
    );
    return { kind: 'check', parses };
  }
  if (request.kind === 'load') {
    loaded = request.files;
    return { kind: 'load' };
  }
  const cpuBefore = process.cpuUsage();
  const startMs = performance.now();
  for (const file of loaded) eslint.verify(file.text, file.sourceType);
  const ms = performance.now() - startMs;
  const cpu = process.cpuUsage(cpuBefore);
  return { kind: 'pass', ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

parentPort?.on('message', (request: EslintRequest) => parentPort?.postMessage(answer(request)));
