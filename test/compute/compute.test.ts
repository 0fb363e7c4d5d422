import assert from 'node:assert/strict';
import { Rng } from '../../src/core/rng.js';
import { ConfigError } from '../../src/core/errors.js';
import { createCompute } from '../../src/compute/create.js';
import type { Compute, EvaluateResult, GradientJob } from '../../src/compute/jobs.js';
import { PoolCompute } from '../../src/compute/pool.js';
import { sharedFloat32 } from '../../src/compute/shared.js';
import { engine } from '../../src/engine/engine.js';
import { initParams } from '../../src/tasks/init.js';
import { taskInfo } from '../../src/tasks/info.js';
import { hashOf, spec, strided } from '../tasks/fixtures.js';

const task = spec({ name: 'mnist-mlp' });
const dim = taskInfo(task).dim;

/**
 * Two model versions, as a simulation holds them: in this thread's engine memory (the engine reads them in place
 * inline, pool threads copy them), and on a plain SharedArrayBuffer (every thread copies them).
 */
const versions = [initParams(task, Rng.root(1), engine().float32(dim)), initParams(task, Rng.root(2), sharedFloat32(dim))];

/** A fixed set of jobs covering both splits, flipped labels and two model versions. */
function gradientJobs(): GradientJob[] {
  return [
    { kind: 'gradient', params: versions[0], split: 'train', indices: strided(32, 11), flipLabels: false, out: sharedFloat32(dim) },
    { kind: 'gradient', params: versions[1], split: 'train', indices: strided(32, 13, 5), flipLabels: true, out: sharedFloat32(dim) },
    { kind: 'gradient', params: versions[0], split: 'validation', indices: strided(32, 3), flipLabels: false, out: engine().float32(dim) },
    { kind: 'gradient', params: versions[1], split: 'train', indices: strided(64, 7, 1), flipLabels: false, out: sharedFloat32(dim) },
  ];
}

/** Runs all jobs concurrently; returns a hash of every gradient's bytes, the losses and the evaluations. */
async function fingerprint(compute: Compute): Promise<string> {
  const jobs = gradientJobs();
  const [losses, evals] = await Promise.all([
    Promise.all(jobs.map((j) => compute.run(j))),
    Promise.all(versions.map((params) => compute.run({ kind: 'evaluate', params, split: 'test' }))),
  ]);
  const numbers = Float64Array.from([...losses.map((r) => r.loss), ...evals.flatMap((e: EvaluateResult) => [e.loss, e.accuracy])]);
  return hashOf(...jobs.map((j) => j.out), numbers);
}

// The engine (what 'auto' means) with pools of 1 and 2 threads; tfjs wasm (the cross-check backend) with 2.
for (const [backend, poolSizes] of [['engine', [1, 2]], ['wasm', [2]]] as const) describe(`compute (mnist-mlp on ${backend})`, () => {
  let reference: string;
  let inline: Compute;

  before(async () => {
    inline = await createCompute({ task, backend, threads: 0 });
    reference = await fingerprint(inline);
  });
  after(() => inline.close());

  it('is deterministic inline', async () => {
    assert.equal(inline.backend, backend);
    assert.equal(await fingerprint(inline), reference);
  });

  it('rejects a failing job with the original message inline', async () => {
    const bad: GradientJob = { ...gradientJobs()[0], indices: Int32Array.of(9000) };
    await assert.rejects(inline.run(bad), { name: 'RangeError', message: /batch index 9000 at position 0 is outside the split \(size 8500\)/ });
  });

  for (const threads of poolSizes) {
    describe(`a pool of ${threads}`, () => {
      let pool: PoolCompute;
      before(async () => {
        pool = (await createCompute({ task, backend: backend === 'engine' ? 'auto' : backend, threads })) as PoolCompute;
      });
      after(() => pool.close());

      it(`runs on ${backend} in every thread${backend === 'engine' ? " ('auto')" : ''}`, () => {
        assert.equal(pool.backend, backend);
      });

      it('gives bit-identical gradients, losses and evaluations to inline', async () => {
        assert.equal(await fingerprint(pool), reference);
      });

      it('rejects a failing job with the original message and keeps working', async () => {
        const bad: GradientJob = { ...gradientJobs()[0], indices: Int32Array.of(9000) };
        await assert.rejects(pool.run(bad), { name: 'RangeError', message: /batch index 9000 at position 0 is outside the split \(size 8500\)/ });
        await assert.rejects(pool.run({ ...bad, out: new Float32Array(dim) }), /out must be a view on a SharedArrayBuffer/);
        assert.equal(pool.retries, 0);
      });

      // One thread: terminating every thread of a larger pool could also kill the thread the retry lands on.
      if (threads === 1) {
        it('re-runs a job whose thread died, with the same result', async () => {
          const job = { ...gradientJobs()[1], indices: strided(8000, 1) }; // long enough to be caught running
          const expected = sharedFloat32(dim);
          await inline.run({ ...job, out: expected });
          const pending = pool.run(job);
          await Promise.all(pool.pool.threads.map((t) => t.terminate()));
          await pending;
          assert.equal(pool.retries, 1);
          assert.equal(hashOf(job.out), hashOf(expected));
        });
      }
    });
  }
});

describe('createCompute', () => {
  it('validates threads, backend and task before starting anything', async () => {
    await assert.rejects(createCompute({ task, backend: 'wasm', threads: -1 }), (e: ConfigError) => e instanceof ConfigError && /compute\.threads/.test(e.message));
    await assert.rejects(createCompute({ task, backend: 'gpu' as 'cpu', threads: 1 }), /compute\.backend/);
    await assert.rejects(createCompute({ task: { ...task, testSize: 20_000 }, backend: 'wasm', threads: 1 }), /task\.testSize/);
  });

  it('fails loudly when pool threads cannot load the requested backend', async () => {
    const pool = await createCompute({ task: spec({ name: 'linreg' }), backend: 'tensorflow', threads: 1 });
    try {
      await assert.rejects(pool.run({ kind: 'evaluate', params: sharedFloat32(11), split: 'test' }), /cannot load tfjs backend 'tensorflow'/);
    } finally {
      await pool.close();
    }
  });
});
