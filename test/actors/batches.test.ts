import assert from 'node:assert/strict';
import { EpochBatches, SubsetSampler } from '../../src/actors/batches.js';
import { Rng } from '../../src/core/rng.js';

/** The plain definitions, without the samplers' reuse: what the fast paths must reproduce. */
function epochBatch(shard: Int32Array, batchSize: number, rng: Rng, step: number): Int32Array {
  const out = new Int32Array(batchSize);
  for (let j = 0; j < batchSize; j++) {
    const pos = step * batchSize + j;
    const order = rng.stream(Math.floor(pos / shard.length)).shuffle(Int32Array.from(shard));
    out[j] = order[pos % shard.length];
  }
  return out;
}

function subset(n: number, k: number, rng: Rng, step: number): Int32Array {
  const s = Int32Array.from({ length: n }, (_, i) => i);
  const stream = rng.stream(step);
  for (let i = 0; i < k; i++) {
    const j = stream.int(i, n - 1);
    [s[i], s[j]] = [s[j], s[i]];
  }
  return s.slice(0, k);
}

describe('batch samplers', () => {
  it('EpochBatches gives each step the batch of the shuffled-epoch definition, in any order of asking, across epoch ends, and never reuses a returned array', () => {
    const shard = Int32Array.from({ length: 23 }, (_, i) => 100 + 3 * i);
    for (const batchSize of [4, 23, 50]) {
      const rng = Rng.root(7).fork('batches');
      const batches = new EpochBatches(shard, batchSize, rng);
      const got = [0, 5, 1, 9, 2, 9, 0, 14].map((step) => [step, batches.batch(step)] as const);
      for (let step = 15; step < 60; step++) batches.batch(step);
      // Checked after later batches were made: each returned array keeps its own contents.
      for (const [step, batch] of got) assert.deepEqual(batch, epochBatch(shard, batchSize, rng, step), `batch size ${batchSize}, step ${step}`);
    }
  });

  it('SubsetSampler draws the partial Fisher–Yates subset of a fresh 0..n−1 at every call, into an array it never reuses', () => {
    const rng = Rng.root(3).fork('validation');
    const sampler = new SubsetSampler(50, 12, rng);
    const got = [0, 1, 7, 1, 3, 0].map((step) => [step, sampler.sample(step)] as const);
    for (let step = 8; step < 60; step++) sampler.sample(step);
    for (const [step, indices] of got) {
      assert.deepEqual(indices, subset(50, 12, rng, step), `step ${step}`);
      assert.equal(new Set(indices).size, 12);
    }
    assert.deepEqual(new SubsetSampler(5, 5, rng).sample(2), subset(5, 5, rng, 2));
  });
});
