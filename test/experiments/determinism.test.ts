import assert from 'node:assert/strict';
import type { RunConfigInput } from '../../src/config/schema.js';
import { simulate } from '../../src/experiments/simulate.js';

/** Small but complete runs: MNIST, Zeno++ with validation refreshes, Byzantine arrivals, evaluations. */
const configs: Record<string, RunConfigInput> = {
  bounded: {
    task: { name: 'mnist-mlp', hidden: [32] },
    workers: 6,
    byzantine: { count: 3, assignment: 'bernoulli', attack: { name: 'sign-flip', scale: 10 } },
    policy: { name: 'zeno++', refreshEvery: 5, validationBatch: 32 },
    timing: { model: 'bounded', maxDelay: 4 },
    steps: 60,
    evalEvery: 20,
    seed: 7,
  },
  latency: {
    task: { name: 'mnist-softmax' },
    workers: 5,
    byzantine: { count: 2, attack: { name: 'label-flip' } },
    policy: { name: 'zeno++', refreshEvery: 3, validationBatch: 16 },
    timing: { model: 'latency', compute: { type: 'lognormal', median: 10, sigma: 0.5 }, stragglers: { count: 1, factor: 4 } },
    steps: 60,
    evalEvery: 10,
    seed: 3,
  },
};

/** The engine's CNN, whose batches run example by example: also identical on every thread. */
configs.cnn = {
  task: { name: 'mnist-cnn' },
  workers: 4,
  byzantine: { count: 1, attack: { name: 'sign-flip' } },
  policy: { name: 'zeno++', refreshEvery: 4, validationBatch: 8 },
  optimizer: { batchSize: 8 },
  steps: 60,
  evalEvery: 30,
  seed: 5,
};

describe('determinism (engine)', function () {
  this.timeout(120_000);
  for (const [name, config] of Object.entries(configs)) {
    it(`gives identical trace and model hashes inline, with a pool of 1 and a pool of 2 (${name} timing)`, async () => {
      const runs = [];
      for (const threads of [0, 1, 2]) runs.push((await simulate(config, { threads })).summary);
      const [inline, pool1, pool2] = runs;
      assert.equal(inline.arrivals.total, 60);
      assert.ok(inline.arrivals.byzantine > 0, 'the run must contain Byzantine arrivals');
      for (const other of [pool1, pool2]) {
        assert.equal(other.traceHash, inline.traceHash);
        assert.equal(other.modelHash, inline.modelHash);
        assert.equal(other.final.testAccuracy, inline.final.testAccuracy);
      }
    });
  }

  it('changes the trace when the seed changes (the hash is not a constant)', async () => {
    const a = await simulate({ ...configs.bounded, steps: 20 }, { threads: 0 });
    const b = await simulate({ ...configs.bounded, steps: 20, seed: 8 }, { threads: 0 });
    assert.notEqual(a.summary.traceHash, b.summary.traceHash);
    assert.notEqual(a.summary.modelHash, b.summary.modelHash);
  });
});
