import assert from 'node:assert/strict';
import { createCompute } from '../../src/compute/create.js';
import { sharedFloat32 } from '../../src/compute/shared.js';
import { Rng } from '../../src/core/rng.js';
import { initParams, taskInfo } from '../../src/tasks/index.js';
import type { TaskSpec } from '../../src/tasks/task.js';

describe('loss jobs', function () {
  this.timeout(60_000);
  const spec: TaskSpec = { name: 'mnist-mlp', hidden: [16], validationSize: 200, testSize: 200, dataSeed: 3, features: 10, samples: 4000, noise: 0.1 };

  it('return the same mean loss as the gradient job on the same batch, inline and in a pool', async () => {
    const params = sharedFloat32(taskInfo(spec).dim);
    params.set(initParams(spec, Rng.root(1)));
    const indices = Int32Array.from({ length: 32 }, (_, i) => 5 * i);
    for (const threads of [0, 1]) {
      const compute = await createCompute({ task: spec, backend: 'wasm', threads });
      try {
        const { loss } = await compute.run({ kind: 'loss', params, split: 'validation', indices });
        const g = await compute.run({ kind: 'gradient', params, split: 'validation', indices, flipLabels: false, out: sharedFloat32(params.length) });
        assert.equal(loss, g.loss);
        assert.ok(loss > 1.5 && loss < 3.5, `loss ${loss} near ln 10 at init`);
      } finally {
        await compute.close();
      }
    }
  });
});
