import assert from 'node:assert/strict';
import { largestEigenpair } from '../../../src/core/symmetric-eigen.js';
import { aggregateStats } from '../../../src/policies/aggregators/aggregator.js';
import { createAggregator } from '../../../src/policies/aggregators/registry.js';
import { binomial, forEachSubset } from '../../../src/policies/aggregators/subsets.js';
import { assertClose, configMessage, normalRows, permute, stream } from './helpers.js';

/** The 3×3 input of ByzFL's documentation examples. */
const doc = [Float32Array.of(1, 2, 3), Float32Array.of(4, 5, 6), Float32Array.of(7, 8, 9)];

/** 7 honest vectors near (1, 1, 1, 1) and 3 far colluders (the liveness case: f = 3 bad senders of 10). */
function clusterWithOutliers(seed: number): { rows: Float32Array[]; honest: number[] } {
  const s = stream(seed, 'cluster');
  const honest = normalRows(s, 7, 4, 1, 0.1);
  const bad = [Float32Array.of(50, -50, 50, -50), Float32Array.of(60, -40, 50, -50), Float32Array.of(-30, 30, 30, 30)];
  const { rows, order } = permute(s, [...honest, ...bad]);
  return { rows, honest: order.map((o, i) => (o < 7 ? i : -1)).filter((i) => i >= 0) };
}

const selection = (name: string, params: object, rows: Float32Array[]) => {
  const stats = aggregateStats();
  const out = createAggregator(name, params).aggregate(rows, undefined, stats);
  return { out, selected: stats.selected };
};

describe('subset and neighbourhood rules (mda, monna, caf, smea)', () => {
  it('reproduce the ByzFL documentation examples on the 3×3 input with f = 1', () => {
    assertClose(createAggregator('mda', { f: 1 }).aggregate(doc), [2.5, 3.5, 4.5]);
    assertClose(createAggregator('monna', { f: 1, idx: 1 }).aggregate(doc), [2.5, 3.5, 4.5]);
    assertClose(createAggregator('caf', { f: 1 }).aggregate(doc), [4, 5, 6]);
    assertClose(createAggregator('smea', { f: 1 }).aggregate(doc), [2.5, 3.5, 4.5]);
  });

  it('hand-computed 1-D cases', () => {
    const rows = [0, 1, 3, 10].map((v) => Float32Array.of(v));
    // MDA, f = 1: diameters {0,1,3} = 3, {0,1,10} = 10, {0,3,10} = 10, {1,3,10} = 9 → mean 4/3.
    assertClose(createAggregator('mda', { f: 1 }).aggregate(rows), [4 / 3]);
    // SMEA, f = 1: variances {0,1,3} = 14/9, {0,1,10} = 18.9, {0,3,10} = 18.2, {1,3,10} = 14.9 → 4/3.
    assertClose(createAggregator('smea', { f: 1 }).aggregate(rows), [4 / 3]);
    // f = 1 on {0, 4, 5, 9}: {0,4,5} and {4,5,9} have equal variance 14/3 < {0,4,9}, {0,5,9} → the first: 3.
    assertClose(createAggregator('smea', { f: 1 }).aggregate([0, 4, 5, 9].map((v) => Float32Array.of(v))), [3]);
    // MoNNA, f = 1, trusted x = 10 (idx 3): its 3 nearest are 10, 3, 1 → 14/3.
    assertClose(createAggregator('monna', { f: 1, idx: 3 }).aggregate(rows), [14 / 3]);
    // CAF, f = 1 on {0, 0, 0, 10}: μ = 2.5, λ = 18.75, τ = (6.25, 6.25, 6.25, 56.25) → c = (8/9, 8/9, 8/9, 0),
    // Σc = 8/3 > n − 2f = 2, so a second round: μ = 0, λ = 0 < 18.75 → output 0.
    assertClose(createAggregator('caf', { f: 1 }).aggregate([0, 0, 0, 10].map((v) => Float32Array.of(v))), [0], 0, 1e-6);
    // f = 0: CAF is the mean.
    assertClose(createAggregator('caf', { f: 0 }).aggregate(rows), [3.5]);
  });

  it('with ≤ f far outliers, keep the output near the honest cluster (liveness), whatever the input order', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const { rows, honest } = clusterWithOutliers(seed);
      for (const name of ['mda', 'smea']) {
        const { out, selected } = selection(name, { f: 3 }, rows);
        assert.deepEqual(selected, honest, `${name} seed ${seed} selects exactly the honest vectors`);
        for (const v of out) assert.ok(Math.abs(v - 1) < 0.2, `${name}: ${[...out]}`);
      }
      const caf = createAggregator('caf', { f: 3 }).aggregate(rows);
      for (const v of caf) assert.ok(Math.abs(v - 1) < 0.5, `caf seed ${seed}: ${[...caf]}`);
      const { out, selected } = selection('monna', { f: 3, idx: honest[0] }, rows);
      assert.deepEqual(selected, honest, `monna seed ${seed}`);
      for (const v of out) assert.ok(Math.abs(v - 1) < 0.2);
    }
  });

  it('refuse an enumeration beyond maxSubsets, and 2f ≥ n, naming the parameter', () => {
    const rows = normalRows(stream(9), 12, 2);
    assert.equal(configMessage(() => createAggregator('mda', { f: 4, maxSubsets: 100 }).aggregate(rows)), 'policy.f: expected 2f < n and C(n, f) ≤ maxSubsets = 100 (n = 12), got f = 4');
    assert.match(configMessage(() => createAggregator('smea', { f: 6 }).aggregate(rows)), /^policy\.f: expected 2f < n/);
    assert.equal(configMessage(() => createAggregator('caf', { f: 2 }).aggregate(rows.slice(0, 4))), 'policy.f: expected 2f < n (n = 4), got f = 2');
    assert.equal(configMessage(() => createAggregator('monna', { f: 1, idx: 5 }).aggregate(rows.slice(0, 4))), 'policy.idx: expected idx < n (n = 4), got idx = 5');
  });

  it('subsets come in lexicographic order and C(n, k) counts them', () => {
    const seen: string[] = [];
    forEachSubset(4, 2, (s) => seen.push(s.join('')));
    assert.deepEqual(seen, ['01', '02', '03', '12', '13', '23']);
    assert.equal(binomial(30, 10), 30045015);
    let count = 0;
    forEachSubset(10, 7, () => count++);
    assert.equal(count, binomial(10, 3));
  });

  it('largestEigenpair matches a hand-computed 2×2 and a diagonal case', () => {
    const { value, vector } = largestEigenpair(Float64Array.of(2, 1, 1, 2), 2);
    assert.ok(Math.abs(value - 3) < 1e-12);
    assert.ok(Math.abs(Math.abs(vector[0]) - Math.SQRT1_2) < 1e-12 && Math.abs(vector[0] - vector[1]) < 1e-12);
    assert.ok(Math.abs(largestEigenpair(Float64Array.of(1, 0, 0, 0, 5, 0, 0, 0, 2), 3).value - 5) < 1e-12);
  });
});

describe('krum conventions', () => {
  it("'byzfl' counts n − f − 1 neighbours, 'blanchard' (default) n − f − 2, relative to each call's n", () => {
    // 1-D, n = 5, f = 1.
    const rows = [0, 1, 2, 4, 7].map((v) => Float32Array.of(v));
    const pick = (params: object) => {
      const stats = aggregateStats();
      createAggregator('krum', { f: 1, ...params }).aggregate(rows, undefined, stats);
      return stats.selected[0];
    };
    // Blanchard, k = n − f − 2 = 2: s(0) = 1 + 4 = 5, s(1) = 1 + 1 = 2, s(2) = 1 + 4 = 5, s(3) = 4 + 9 = 13, s(4) = 9 + 25 = 34 → index 1.
    assert.equal(pick({}), 1);
    assert.equal(pick({ convention: 'blanchard' }), 1);
    // ByzFL, k = n − f − 1 = 3: s(0) = 1 + 4 + 16 = 21, s(1) = 1 + 1 + 9 = 11, s(2) = 1 + 4 + 4 = 9, s(3) = 4 + 9 + 9 = 22 → index 2.
    assert.equal(pick({ convention: 'byzfl' }), 2);
    assert.equal(pick({ neighbors: 3 }), 2);
    const mk = createAggregator('multi-krum', { f: 1, m: 1, convention: 'byzfl' }).aggregate(rows);
    assert.deepEqual([...mk], [2]);
  });
});

describe('monna: idx names an input, not a row left after the non-finite ones are dropped', () => {
  const rows = [0, 1, 3, 10].map((v) => Float32Array.of(v));
  const nan = Float32Array.of(NaN);

  it('finds the trusted input past dropped inputs, by position or by `senders`', () => {
    // Input 4 is x = 10 whether or not input 0 (NaN) is dropped: its 3 nearest, 10, 3, 1 → 14/3 (f = 2 less the dropped one).
    assertClose(createAggregator('monna', { f: 2, idx: 4 }).aggregate([nan, ...rows]), [14 / 3]);
    // Before, idx counted the rows left: idx 3 was x = 10 (14/3), not input 3 (x = 3), whose 3 nearest are 3, 1, 0 → 4/3.
    assertClose(createAggregator('monna', { f: 2, idx: 3 }).aggregate([nan, ...rows]), [4 / 3]);
    // Senders name the inputs (a sync run passes the worker ids): trusting sender 7, the input x = 10.
    const stats = aggregateStats();
    const out = createAggregator('monna', { f: 1, idx: 7 }).aggregate(rows, undefined, stats, { senders: [2, 3, 5, 7] });
    assertClose(out, [14 / 3]);
    assert.deepEqual(stats.selected, [1, 2, 3]);
    // Through a chain whose steps keep positions (NNM, clipping, ARC) the trusted input is still found.
    const chained = createAggregator('monna', { f: 2, idx: 4, pre: [{ name: 'clipping', c: 100 }] }).aggregate([nan, ...rows]);
    assertClose(chained, [14 / 3]);
  });

  it('a missing trusted vector (dropped as non-finite, not sent) is a PreconditionError naming idx', () => {
    assert.equal(configMessage(() => createAggregator('monna', { f: 1, idx: 0 }).aggregate([nan, ...rows])), 'policy.idx: expected the trusted vector (sender 0) among the 4 finite vectors aggregated, got none: it was not sent, or contained NaN or ±Infinity');
    assert.match(configMessage(() => createAggregator('monna', { f: 1, idx: 4 }).aggregate(rows, undefined, undefined, { senders: [0, 1, 2, 3] })), /^policy\.idx: expected the trusted vector \(sender 4\)/);
    assert.throws(() => createAggregator('monna', { f: 1 }).aggregate(rows, undefined, undefined, { senders: [0, 1] }), /context\.senders has 2 entries, expected one per input \(4\)/);
  });
});

describe("monna with idx = 'server'", () => {
  it('averages the n − f inputs nearest the server reference, which needs a reference', () => {
    const rows = [0, 1, 3, 10].map((v) => Float32Array.of(v));
    const agg = createAggregator('monna', { f: 1, idx: 'server' });
    assert.equal(agg.needsReference, 64);
    // Reference 9: nearest three are 10, 3, 1 → 14/3. Reference 0: 0, 1, 3 → 4/3.
    assertClose(agg.aggregate(rows, undefined, undefined, { reference: Float32Array.of(9) }), [14 / 3]);
    assertClose(agg.aggregate(rows, undefined, undefined, { reference: Float32Array.of(0) }), [4 / 3]);
    assert.throws(() => agg.aggregate(rows), /needs a reference vector/);
    assert.equal(createAggregator('monna', { f: 1 }).needsReference, undefined);
  });
});
