import assert from 'node:assert/strict';
import { Registries } from '../../src/config/registries.js';
import { simulate } from '../../src/experiments/simulate.js';
import tanh from '../fixtures/extension/tanh-tfjs-task.js';

describe('extension: a task whose model is written in tfjs', function () {
  this.timeout(120_000);
  const registries = new Registries().registerTask('tanh', tanh);
  // Zeno++ also sends the server's validation gradients to the pool, not only the workers' gradients.
  const config = {
    task: 'tanh', backend: 'wasm', workers: 4, steps: 60, evalEvery: 30, seed: 2,
    optimizer: { lr: 0.5, batchSize: 8 }, policy: { name: 'zeno++', validationBatch: 16 }, timing: { maxDelay: 3 },
  };

  it('runs bit-identically inline and on a pool of 1 thread (which imports it from its module), and trains', async () => {
    const inline = await simulate(config, { threads: 0, registries });
    const pool = await simulate(config, { threads: 1, registries });
    assert.equal(inline.summary.backend, 'wasm');
    assert.equal(pool.summary.backend, 'wasm');
    assert.equal(pool.summary.traceHash, inline.summary.traceHash);
    assert.equal(pool.summary.modelHash, inline.summary.modelHash);
    assert.ok(inline.summary.arrivals.accepted > 0, 'some gradients were applied');
    const [first, last] = [inline.evaluations[0], inline.evaluations.at(-1)!];
    assert.ok(last.loss < first.loss, `test loss ${first.loss} → ${last.loss}`);
  });
});
