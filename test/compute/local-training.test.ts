import assert from 'node:assert/strict';
import { createCompute } from '../../src/compute/create.js';
import type { Compute } from '../../src/compute/jobs.js';
import { sharedFloat32 } from '../../src/compute/shared.js';
import { Rng } from '../../src/core/rng.js';
import { sgdStep } from '../../src/core/vectors.js';
import { initParams } from '../../src/tasks/init.js';
import { taskInfo } from '../../src/tasks/info.js';
import { hashOf, spec, strided } from '../tasks/fixtures.js';

const task = spec({ name: 'linreg' });
const dim = taskInfo(task).dim;
const params = initParams(task, Rng.root(3), sharedFloat32(dim));
const batches = [strided(8, 5), strided(8, 7, 1), strided(8, 3, 2)];
const indices = Int32Array.from(batches.flatMap((b) => [...b]));

describe('local training jobs', function () {
  this.timeout(60_000);
  let inline: Compute;
  before(async () => {
    inline = await createCompute({ task, backend: 'auto', threads: 0 });
  });
  after(() => inline.close());

  it('send u = (x − x_local)/η after K SGD steps, each on its own minibatch and on the model of its step', async () => {
    const lr = 0.05;
    const u = sharedFloat32(dim);
    await inline.run({ kind: 'local', params, split: 'train', indices, batchSize: 8, steps: 3, lr, flipLabels: false, out: u });
    // The same trajectory by hand, with gradient jobs.
    const x = sharedFloat32(dim);
    x.set(params);
    const g = sharedFloat32(dim);
    for (const b of batches) {
      await inline.run({ kind: 'gradient', params: x, split: 'train', indices: b, flipLabels: false, out: g });
      sgdStep(x, x.slice(), lr, g, 0);
    }
    for (let i = 0; i < dim; i++) assert.equal(u[i], Math.fround((params[i] - x[i]) / lr), `coordinate ${i}`);
    assert.deepEqual([...params], [...initParams(task, Rng.root(3))], 'the pulled model is never written');
  });

  it('with one step, u is the gradient up to rounding', async () => {
    const u = sharedFloat32(dim);
    const g = sharedFloat32(dim);
    await inline.run({ kind: 'local', params, split: 'train', indices: batches[0], batchSize: 8, steps: 1, lr: 0.01, flipLabels: false, out: u });
    await inline.run({ kind: 'gradient', params, split: 'train', indices: batches[0], flipLabels: false, out: g });
    for (let i = 0; i < dim; i++) assert.ok(Math.abs(u[i] - g[i]) <= 1e-3 * Math.max(1, Math.abs(g[i])), `coordinate ${i}: ${u[i]} vs ${g[i]}`);
  });

  it('gives the same bits inline and on a pool thread', async () => {
    const pool = await createCompute({ task, backend: 'auto', threads: 1 });
    try {
      const run = async (c: Compute) => {
        const out = sharedFloat32(dim);
        await c.run({ kind: 'local', params, split: 'train', indices, batchSize: 8, steps: 3, lr: 0.05, flipLabels: true, out });
        return hashOf(out);
      };
      assert.equal(await run(pool), await run(inline));
    } finally {
      await pool.close();
    }
  });

  it('refuses indices that do not make K batches', async () => {
    await assert.rejects(inline.run({ kind: 'local', params, split: 'train', indices: batches[0], batchSize: 8, steps: 2, lr: 0.1, flipLabels: false, out: sharedFloat32(dim) }), /expected 2 × 8 indices/);
  });
});
