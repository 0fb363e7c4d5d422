import assert from 'node:assert/strict';
import { simulate } from '../../src/experiments/simulate.js';
import { linregOptimum } from '../../src/tasks/index.js';
import { resolveConfig, taskSpecOf } from '../../src/config/resolve.js';

describe('async SGD on linear regression', function () {
  this.timeout(60_000);

  it('converges to the known least-squares optimum under latency-induced staleness', async () => {
    const config = {
      task: { name: 'linreg', features: 5, samples: 1200, validationSize: 100, testSize: 100, noise: 0.1 },
      workers: 4,
      policy: { name: 'async-sgd' },
      optimizer: { lr: 0.05, batchSize: 16, schedule: { type: 'inverse-sqrt', scale: 200 } },
      timing: { model: 'latency', compute: { type: 'exponential', mean: 5 } },
      steps: 6000,
      evalEvery: 1000,
      seed: 5,
    } as const;
    const result = await simulate(config, { threads: 0 });
    const optimum = linregOptimum(taskSpecOf(resolveConfig(config)));
    let maxErr = 0;
    for (let i = 0; i < optimum.length; i++) maxErr = Math.max(maxErr, Math.abs(result.finalParams[i] - optimum[i]));
    // Tolerance: SGD noise at the final step size (0.05/sqrt(31) ≈ 0.009, batch 16, label noise 0.1) keeps
    // the iterate within ~0.02 of the optimum; 0.05 leaves margin without admitting a wrong answer (the
    // optimum's coordinates are O(1)).
    assert.ok(maxErr < 0.05, `max |x − x*| = ${maxErr}`);
  });
});
