import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canary,
  expectNothingLeaked,
  processEnvironment,
  startAttackRig,
  type AttackRig,
} from './attack-harness.js';
import {
  builtinOverrides,
  callersAndBuiltins,
  errorFormatting,
  results,
  stackTraces,
} from './escape-cases-errors.js';
import { crossingCopies } from './escape-cases-crossing.js';
import { envelopeForgery } from './escape-cases-envelope.js';
import { constructorChains, moduleLoading, type EscapeCase } from './escape-cases.js';

let rig: AttackRig;

beforeAll(async () => {
  rig = await startAttackRig();
});

afterAll(async () => {
  await rig?.close();
});

const tables: [string, EscapeCase[]][] = [
  ['constructor chains from everything the code can reach', constructorChains],
  ['module loading', moduleLoading],
  ['stack traces', stackTraces],
  ['error formatting', errorFormatting],
  ['results', results],
  ['callers and less common built-ins', callersAndBuiltins],
  ['overridden built-ins', builtinOverrides],
  ['__proto__ and constructor keys in copies', crossingCopies],
  ['built-ins rewritten before returning, throwing or logging', envelopeForgery],
];

for (const [title, cases] of tables) {
  describe(`isolate escapes: ${title}`, () => {
    for (const payload of cases) {
      it(payload.name, async () => {
        const result = await rig.run(payload.code);

        payload.holds(result);
        expectNothingLeaked(result);
      });
    }
  });
}

describe('isolate escapes: what outlives one execution', () => {
  it('prototype pollution stays in its own context, for the host and the next execution', async () => {
    const polluter = await rig.run(`export default () => {
      Object.prototype.polluted = 'yes';
      Array.prototype.push = () => 0;
      globalThis.leftBehind = 'still here';
      return 'polluted';
    }`);
    const next = await rig.run(
      `export default () => [({}).polluted, typeof leftBehind, [].push(1)]`,
    );

    expect(polluter).toMatchObject({ status: 'ok', value: 'polluted' });
    expect(next).toMatchObject({ status: 'ok', value: [null, 'undefined', 1] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectNothingLeaked(next);
  });

  it('starts worker processes without the host environment, so the canary is not there', () => {
    const workers = rig.executor.stats().workerProcesses;

    expect(process.env.AIRLOCK_CANARY).toBe(canary);
    expect(workers.length).toBeGreaterThan(0);
    for (const { pid } of workers) expect(processEnvironment(pid)).not.toContain(canary);
  });

  it('survived every payload without a worker restart', async () => {
    const after = await rig.run(`export default () => 'still serving'`, { tenant: 'tenant-next' });

    expect(after).toMatchObject({ status: 'ok', value: 'still serving' });
    expect(rig.executor.stats().restarts).toBe(0);
  });
});
