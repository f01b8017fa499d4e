import { Worker } from 'node:worker_threads';
import type { EslintFile, EslintReply, EslintRequest } from './eslint-worker.js';

/** The ESLint baseline, driven in a worker thread (see eslint-worker.ts for why). */
export class RemoteEslint {
  private readonly worker = new Worker(new URL('./eslint-worker.js', import.meta.url));

  /** Which files ESLint parses without a fatal error. */
  async parses(files: EslintFile[]): Promise<boolean[]> {
    const reply = await this.ask({ kind: 'check', files });
    return reply.kind === 'check' ? reply.parses : [];
  }

  /** Hands the worker the files that each later `pass` lints. */
  async load(files: EslintFile[]): Promise<void> {
    await this.ask({ kind: 'load', files });
  }

  /** Lints every loaded file once; wall and CPU time of the pass, measured in the worker. */
  async pass(): Promise<{ ms: number; cpuMs: number }> {
    const reply = await this.ask({ kind: 'pass' });
    if (reply.kind !== 'pass') throw new Error('the ESLint worker answered out of turn');
    return reply;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private ask(request: EslintRequest): Promise<EslintReply> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: EslintReply): void => {
        this.worker.off('error', onError);
        resolve(reply);
      };
      const onError = (error: Error): void => {
        this.worker.off('message', onMessage);
        reject(error);
      };
      this.worker.once('message', onMessage);
      this.worker.once('error', onError);
      this.worker.postMessage(request);
    });
  }
}
