import assert from 'node:assert/strict';
import type { RunConfigInput } from '../../src/config/schema.js';
import { simulate } from '../../src/experiments/simulate.js';

/**
 * Golden hashes of small fixed runs on the engine. WebAssembly without relaxed SIMD computes the same bits on every
 * machine, and every engine sum has a fixed order, so these hashes must come out the same on any machine and OS that
 * runs the tests: a CI run elsewhere proves cross-machine equality. They change only when the arithmetic changes
 * (a kernel's summation order, the data, the RNG, the event order): then update them, saying why, in the commit.
 */
const golden: { config: RunConfigInput; traceHash: string; modelHash: string }[] = [
  {
    config: {
      task: { name: 'mnist-mlp', hidden: [32] },
      workers: 6,
      byzantine: { count: 3, assignment: 'bernoulli', attack: { name: 'sign-flip', scale: 10 } },
      policy: { name: 'zeno++', refreshEvery: 5, validationBatch: 32 },
      timing: { model: 'bounded', maxDelay: 4 },
      steps: 40,
      evalEvery: 20,
      seed: 7,
      backend: 'engine',
    },
    traceHash: 'ea18287b3596187f821e701264aa8fb22f7974aeffe52e7c0073cc88b35fbc76',
    modelHash: '614c7cb6e78ccdbb29f4254629e1c71ce5cab3f0936a74a9a8c54cce7994642e',
  },
  {
    config: {
      task: { name: 'mnist-cnn' },
      workers: 4,
      byzantine: { count: 1, attack: { name: 'label-flip' } },
      policy: { name: 'async-sgd' },
      optimizer: { batchSize: 8 },
      steps: 12,
      evalEvery: 12,
      seed: 3,
      backend: 'engine',
    },
    traceHash: '4b7942e95ad256e4798bcce4363828ab07a2598740465cca8dc6b2c9acb7ffb8',
    modelHash: 'd0fdf710311800cd7a52dbdc64fa1d4ef89705b6e4508e1c5bb8bcc35222ab3e',
  },
];

describe('golden hashes on the engine (same on every machine)', function () {
  this.timeout(120_000);
  for (const g of golden) {
    it(`${(g.config.task as { name: string }).name}: trace ${g.traceHash.slice(0, 12)}, model ${g.modelHash.slice(0, 12)}`, async () => {
      const { summary } = await simulate(g.config, { threads: 0 });
      assert.equal(summary.backend, 'engine');
      assert.deepEqual({ traceHash: summary.traceHash, modelHash: summary.modelHash }, { traceHash: g.traceHash, modelHash: g.modelHash });
    });
  }
});
