import assert from 'node:assert/strict';
import { aggregateStats } from '../../../src/policies/aggregators/aggregator.js';
import { krum } from '../../../src/policies/aggregators/krum.js';
import { krumScores } from '../../../src/policies/aggregators/krum-scores.js';
import { pairwiseSquaredDistances } from '../../../src/policies/aggregators/pairwise.js';
import { X, assertClose, configMessage, normalRows, permute, stream } from './helpers.js';

function selected(rows: Float32Array[], options: { f: number; neighbors?: number }): number {
  const stats = aggregateStats();
  krum(options).aggregate(rows, undefined, stats);
  return stats.selected[0];
}

describe('krum', () => {
  it('outputs the selected vector itself', () => {
    const out = krum({ f: 1 }).aggregate(X);
    assert.deepEqual(out, X[0]);
  });

  it("with ByzFL's neighbour count n − f − 1 scores over 5 neighbours (computed with reference_vectors.py)", () => {
    const scores = krumScores(pairwiseSquaredDistances(X), 7, [0, 1, 2, 3, 4, 5, 6], 5, new Float64Array(7), new Float64Array(7));
    assertClose(scores, [0.2275, 0.7175, 0.4175, 0.4575, 0.4775, 559.7375, 0.2575], 1e-5, 0);
    assert.equal(selected(X, { f: 1, neighbors: 5 }), 0);
  });

  it('refuses n ≤ 2f + 2 with a message naming policy.f, and neighbors > n − 1', () => {
    assert.equal(configMessage(() => krum({ f: 2 }).aggregate(X.slice(0, 6))), 'policy.f: expected n > 2f + 2 (n = 6), got f = 2');
    assert.equal(configMessage(() => krum({ f: 1 }).aggregate(X.slice(0, 4))), 'policy.f: expected n > 2f + 2 (n = 4), got f = 1');
    assert.equal(selected(X.slice(0, 5), { f: 1 }), 0, 'n = 5 = 2f + 3 is accepted');
    assert.equal(configMessage(() => krum({ f: 1, neighbors: 7 }).aggregate(X)), 'policy.neighbors: expected neighbors ≤ n − 1 (n = 7), got neighbors = 7');
  });

  it('breaks ties towards the lowest index: identical vectors are at distance 0', () => {
    const v = Float32Array.of(1, 2, 3);
    assert.equal(selected([v, v, v, v, v], { f: 1 }), 0);
    const s = stream(11);
    const honest = normalRows(s, 6, 20, 0, 0.1);
    const center = new Float32Array(20);
    // Two identical copies of the cluster centre (at 2 and 5) beat every other vector and tie with each other.
    assert.equal(selected([honest[0], honest[1], center, honest[2], honest[3], center, honest[4], honest[5]], { f: 2 }), 2);
  });

  it('never selects an outlier placed far from an honest cluster', () => {
    const s = stream(12);
    for (let trial = 0; trial < 30; trial++) {
      const f = s.int(0, 5);
      const n = 2 * f + 3 + s.int(0, 6);
      const honest = normalRows(s, n - f, 40, 1, 0.5);
      const far = Array.from({ length: f }, () => Float32Array.from({ length: 40 }, () => 100 + 50 * s.normal()));
      const { rows, order } = permute(s, [...honest, ...far]);
      assert.ok(order[selected(rows, { f })] < n - f, `trial ${trial}: selected an outlier`);
    }
  });

  it('picks the same vector whatever the order of the inputs (no ties)', () => {
    const s = stream(13);
    const rows = normalRows(s, 15, 100);
    const out = krum({ f: 4 }).aggregate(rows);
    for (let k = 0; k < 5; k++) assert.deepEqual(krum({ f: 4 }).aggregate(permute(s, rows).rows), out);
  });

  it('picks a vector of the same value when the best vectors are duplicated in any order (up to ties)', () => {
    const s = stream(14);
    const rows = normalRows(s, 7, 30);
    rows.push(Float32Array.from(rows[2]), Float32Array.from(rows[2]));
    const out = krum({ f: 2 }).aggregate(rows);
    for (let k = 0; k < 5; k++) assert.deepEqual(krum({ f: 2 }).aggregate(permute(s, rows).rows), out);
  });
});
