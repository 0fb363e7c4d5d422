import assert from 'node:assert/strict';
import { aggregateStats } from '../../../src/policies/aggregators/aggregator.js';
import { bulyan } from '../../../src/policies/aggregators/bulyan.js';
import { mean } from '../../../src/policies/aggregators/mean.js';
import { assertClose, configMessage, normalRows, permute, stream, X } from './helpers.js';

describe('bulyan', () => {
  it('refuses n < 4f + 3 and accepts n = 4f + 3 (the direction questioned in Flower PR #1891)', () => {
    assert.equal(configMessage(() => bulyan({ f: 1 }).aggregate(X.slice(0, 6))), 'policy.f: expected n ≥ 4f + 3 (n = 6), got f = 1');
    assert.equal(configMessage(() => bulyan({ f: 2 }).aggregate(X)), 'policy.f: expected n ≥ 4f + 3 (n = 7), got f = 2');
    const rows = normalRows(stream(16), 11, 5);
    const stats = aggregateStats();
    bulyan({ f: 2 }).aggregate(rows, undefined, stats);
    assert.equal(stats.selected.length, 7, 'θ = n − 2f');
  });

  it('with f = 0 selects every vector (the pool shrinks to one, which scores 0) and averages them all', () => {
    const rows = normalRows(stream(17), 3, 8);
    const stats = aggregateStats();
    assertClose(bulyan({ f: 0 }).aggregate(rows, undefined, stats), mean().aggregate(rows), 1e-6, 1e-7);
    assert.deepEqual(stats.selected, [0, 1, 2]);
  });

  it('keeps far, scattered outliers out of the selection', () => {
    const s = stream(18);
    for (let trial = 0; trial < 10; trial++) {
      const f = s.int(1, 3);
      const n = 4 * f + 3 + s.int(0, 4);
      const honest = normalRows(s, n - f, 30);
      const far = normalRows(s, f, 30, 1e6, 1e5);
      const { rows, order } = permute(s, [...honest, ...far]);
      const stats = aggregateStats();
      const out = bulyan({ f }).aggregate(rows, undefined, stats);
      assert.ok(stats.selected.every((i) => order[i] < n - f), `trial ${trial}`);
      assert.ok(out.every((v) => Math.abs(v) < 10));
    }
  });

  it('can select a tight far cluster of f ≥ 2 vectors at the last, clamped picks, but its second step still drops it', () => {
    // The pool ends at 2f + 1 vectors, where Krum counts k = max(1, f − 1) neighbours: f colluding vectors
    // close to each other then score like honest ones (docs/rules.md, 'Bulyan's neighbour count'). Step 2 keeps only the
    // β = θ − 2f values closest to the median, so the output stays honest.
    const s = stream(27);
    const f = 2;
    const honest = normalRows(s, 9, 30);
    const far = normalRows(s, f, 30, 1e6, 1);
    const stats = aggregateStats();
    const out = bulyan({ f }).aggregate([...honest, ...far], undefined, stats);
    assert.ok(stats.selected.some((i) => i >= 9), `selected ${stats.selected}`);
    assert.ok(out.every((v) => Math.abs(v) < 5));
  });

  it('handles identical vectors (ties at distance 0)', () => {
    const v = Float32Array.of(0.5, -2);
    const stats = aggregateStats();
    assert.deepEqual([...bulyan({ f: 1 }).aggregate([v, v, v, v, v, v, v], undefined, stats)], [0.5, -2]);
    assert.deepEqual(stats.selected, [0, 1, 2, 3, 4]);
  });
});
