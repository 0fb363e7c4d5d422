import assert from 'node:assert/strict';
import type { RunConfigInput } from '../../src/config/schema.js';
import { simulate } from '../../src/experiments/simulate.js';
import { eventRow } from '../../src/experiments/trace.js';

const base: RunConfigInput = {
  task: { name: 'linreg' },
  workers: 6,
  timing: { model: 'bounded', maxDelay: 3 },
  steps: 240,
  evalEvery: 80,
  seed: 5,
};
const signFlip = { count: 1, attack: { name: 'sign-flip', scale: 10 } } as const;

describe('federated workers (local training)', function () {
  this.timeout(120_000);

  it('send updates: the event log says so, and the trace differs from one-gradient workers', async () => {
    const one = await simulate({ ...base, steps: 30 }, { threads: 0 });
    const three = await simulate({ ...base, steps: 30, local: { steps: 3 } }, { threads: 0 });
    assert.equal(eventRow(one.records[0], 1, 'gradient')[5], 'gradient');
    assert.equal(eventRow(three.records[0], 1, 'update')[5], 'update');
    assert.notEqual(one.summary.traceHash, three.summary.traceHash);
  });

  for (const policy of [{ name: 'fedasync' }, { name: 'fedbuff', size: 3 }, { name: 'basgd' }] as const) {
    it(`are deterministic across pool sizes (${policy.name})`, async () => {
      const config: RunConfigInput = { ...base, steps: 60, local: { steps: 4, lr: 0.05 }, policy, byzantine: signFlip };
      const [a, b] = [await simulate(config, { threads: 0 }), await simulate(config, { threads: 2 })];
      assert.equal(a.summary.traceHash, b.summary.traceHash);
      assert.equal(a.summary.modelHash, b.summary.modelHash);
    });
  }

  for (const policy of [{ name: 'fedasync' }, { name: 'fedbuff', size: 3 }, { name: 'basgd' }, { name: 'zeno++' }] as const) {
    it(`train with ${policy.name} and 3 local steps (test loss falls by 10x from the initial model)`, async () => {
      const { evaluations } = await simulate({ ...base, local: { steps: 3 }, policy }, { threads: 0 });
      assert.ok(evaluations.at(-1)!.loss < evaluations[0].loss / 10, `${policy.name}: ${evaluations[0].loss} -> ${evaluations.at(-1)!.loss}`);
    });
  }

  it('BASGD (median of buffers) survives one sign-flipping worker ×10 that FedAsync lets through', async () => {
    const run = async (policy: RunConfigInput['policy']) => (await simulate({ ...base, local: { steps: 3 }, policy, byzantine: signFlip }, { threads: 0 })).evaluations.at(-1)!.loss;
    const [fedasync, basgd] = [await run({ name: 'fedasync' }), await run({ name: 'basgd', buffers: 3 })];
    assert.ok(basgd < 0.1 && fedasync > 100 * basgd, `basgd ${basgd}, fedasync ${fedasync}`);
  });
});
