import assert from 'node:assert/strict';
import { iidShards } from '../../../src/actors/batches.js';
import { dirichletSample, logGammaSample } from '../../../src/core/gamma-sample.js';
import { Rng } from '../../../src/core/rng.js';
import { ConfigError } from '../../../src/core/errors.js';
import { cutByWeights, sortByLabel } from '../../../src/tasks/partitions/partition.js';
import { createPartition } from '../../../src/tasks/partitions/registry.js';
import { shardWeights } from '../../../src/tasks/partitions/shard-weights.js';

/** Labels 0..classes−1, `per` of each, in a seeded random order (like a train split). */
function shuffledLabels(classes: number, per: number, seed = 1): Uint8Array {
  const y = new Uint8Array(classes * per);
  for (let i = 0; i < y.length; i++) y[i] = i % classes;
  return Rng.root(seed).stream().shuffle(y);
}

const ones = (n: number) => new Array<number>(n).fill(1);

/** Every position 0..N−1 appears in exactly one shard. */
function assertCovers(shards: Int32Array[], n: number): void {
  const seen = new Uint8Array(n);
  for (const s of shards) for (const p of s) seen[p]++;
  assert.deepEqual([...new Set(seen)], [1], 'each position exactly once');
}

const classesOf = (shard: Int32Array, labels: ArrayLike<number>) => new Set(Array.from(shard, (p) => labels[p]));

describe('data partitions', () => {
  it('cutByWeights cuts at ⌊N·W_w/W⌋ (hand-computed)', () => {
    const order = Int32Array.from([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    assert.deepEqual(cutByWeights(order, [1, 1, 1]).map((s) => [...s]), [[9, 8, 7], [6, 5, 4], [3, 2, 1, 0]]);
    // weights 1:2:2 of 10 → boundaries 2, 6
    assert.deepEqual(cutByWeights(order, [1, 2, 2]).map((s) => s.length), [2, 4, 4]);
  });

  it('sortByLabel is stable: equal labels keep position order', () => {
    assert.deepEqual([...sortByLabel(Int32Array.from([0, 1, 2, 3, 4]), [2, 0, 1, 0, 2])], [1, 3, 2, 0, 4]);
  });

  it('iid with equal sizes gives exactly the shards earlier versions used (same seed, same bytes)', () => {
    const rng = Rng.root(7).fork('shards');
    const labels = { length: 1003 };
    const got = createPartition('iid')({ labels, classes: 0, weights: ones(10), rng });
    assert.deepEqual(got, iidShards(1003, 10, rng));
  });

  it('extreme gives each of 5 workers exactly 2 of 10 balanced classes', () => {
    const labels = shuffledLabels(10, 30);
    const shards = createPartition('extreme')({ labels, classes: 10, weights: ones(5), rng: Rng.root(1) });
    assertCovers(shards, labels.length);
    assert.deepEqual(shards.map((s) => [...classesOf(s, labels)].sort()), [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]);
  });

  it('gamma-similarity: γ = 0 is extreme, γ = 1 spreads every class, and γ = 0.5 gives the expected IID share', () => {
    const labels = shuffledLabels(10, 40);
    const rng = Rng.root(3);
    const g0 = createPartition('gamma-similarity', { gamma: 0 })({ labels, classes: 10, weights: ones(5), rng });
    const ex = createPartition('extreme')({ labels, classes: 10, weights: ones(5), rng });
    assert.deepEqual(g0.map((s) => [...s].sort((a, b) => a - b)), ex.map((s) => [...s].sort((a, b) => a - b)));
    const g1 = createPartition('gamma-similarity', { gamma: 1 })({ labels, classes: 10, weights: ones(5), rng });
    assertCovers(g1, 400);
    for (const s of g1) assert.ok(classesOf(s, labels).size >= 8, 'IID shards of 80 samples see (almost) every class');
    const half = createPartition('gamma-similarity', { gamma: 0.5 })({ labels, classes: 10, weights: ones(4), rng });
    assertCovers(half, 400);
    // 200 IID samples (50 per worker) + 200 sorted (50 per worker): each shard has 100.
    assert.deepEqual(half.map((s) => s.length), [100, 100, 100, 100]);
    // The sorted half of worker 0 holds only the lowest labels.
    assert.ok(Array.from(half[0].subarray(50), (p) => labels[p]).every((y) => y <= 2));
  });

  it('dirichlet covers every sample once, is seeded, and skews more as α shrinks', () => {
    const labels = shuffledLabels(10, 100);
    const run = (alpha: number, seed: number) => createPartition('dirichlet', { alpha })({ labels, classes: 10, weights: ones(10), rng: Rng.root(seed) });
    const a = run(0.1, 1);
    assertCovers(a, 1000);
    assert.deepEqual(a, run(0.1, 1), 'same seed, same split');
    assert.notDeepEqual(a, run(0.1, 2), 'another seed, another split');
    const meanClasses = (shards: Int32Array[]) => shards.reduce((t, s) => t + classesOf(s, labels).size, 0) / shards.length;
    // Dir(0.1) over 10 workers concentrates most of each class on a few workers; Dir(100) spreads it evenly.
    assert.ok(meanClasses(a) < 7 && meanClasses(a) < meanClasses(run(1, 1)), `α = 0.1: ${meanClasses(a)}, α = 1: ${meanClasses(run(1, 1))} classes per worker`);
    assert.equal(meanClasses(run(100, 1)), 10);
    for (const s of run(100, 1)) assert.ok(Math.abs(s.length - 100) < 30, `α = 100 sizes near 100, got ${s.length}`);
  });

  it('dirichlet redraws until every worker has a sample, and says so when it cannot', () => {
    const labels = shuffledLabels(2, 5);
    const shards = createPartition('dirichlet', { alpha: 0.05 })({ labels, classes: 2, weights: ones(4), rng: Rng.root(1) });
    assertCovers(shards, 10);
    for (const s of shards) assert.ok(s.length > 0);
    assert.throws(
      () => createPartition('dirichlet', { alpha: 1 })({ labels: shuffledLabels(2, 1), classes: 2, weights: ones(3), rng: Rng.root(1) }),
      /no training sample/,
    );
  });

  it('unequal sizes: weights and seeded lognormal', () => {
    const labels = { length: 100 };
    const shards = createPartition('iid')({ labels, classes: 0, weights: [1, 3], rng: Rng.root(1) });
    assert.deepEqual(shards.map((s) => s.length), [25, 75]);
    const w = shardWeights({ name: 'lognormal', sigma: 1 }, 6, Rng.root(2));
    assert.deepEqual(w, shardWeights({ name: 'lognormal', sigma: 1 }, 6, Rng.root(2)));
    assert.ok(Math.max(...w) / Math.min(...w) > 1.5, `spread ${w}`);
    assert.deepEqual(shardWeights({ name: 'lognormal', sigma: 0 }, 3, Rng.root(2)), [1, 1, 1]);
  });

  it('rejects bad parameters naming the field', () => {
    assert.throws(() => createPartition('dirichlet', { alpha: 0 }), (e: unknown) => e instanceof ConfigError && /data\.partition\.alpha/.test(e.message));
    assert.throws(() => createPartition('gamma-similarity', { gamma: 1.5 }), /data\.partition\.gamma/);
    assert.throws(() => createPartition('dirichlet', { alpha: 1, beta: 2 }), /beta/);
    assert.throws(() => createPartition('shards'), /unknown partition "shards"/);
  });

  it('Gamma and Dirichlet draws have the right means (seeded Monte Carlo)', () => {
    const stream = Rng.root(5).stream();
    for (const shape of [0.1, 0.7, 1, 4.5]) {
      let sum = 0;
      const m = 20000;
      for (let i = 0; i < m; i++) sum += Math.exp(logGammaSample(stream, shape));
      assert.ok(Math.abs(sum / m - shape) < 0.05 * Math.max(1, shape), `shape ${shape}: mean ${sum / m}`);
    }
    const p = dirichletSample(stream, 0.01, new Float64Array(5));
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12 && p.every((x) => x >= 0 && Number.isFinite(x)));
  });
});
