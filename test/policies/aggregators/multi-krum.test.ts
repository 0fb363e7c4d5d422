import assert from 'node:assert/strict';
import { aggregateStats } from '../../../src/policies/aggregators/aggregator.js';
import { krum } from '../../../src/policies/aggregators/krum.js';
import { mean } from '../../../src/policies/aggregators/mean.js';
import { multiKrum } from '../../../src/policies/aggregators/multi-krum.js';
import { X, assertClose, configMessage, normalRows, stream } from './helpers.js';

describe('multi-krum', () => {
  it('with m = 1 is Krum and with m = n is the mean', () => {
    const rows = normalRows(stream(15), 9, 50);
    assert.deepEqual(multiKrum({ f: 2, m: 1 }).aggregate(rows), krum({ f: 2 }).aggregate(rows));
    assertClose(multiKrum({ f: 2, m: 9 }).aggregate(rows), mean().aggregate(rows), 1e-6, 1e-7);
  });

  it('averages the m lowest scores, ranking equal scores by index', () => {
    const v = Float32Array.of(1, -1);
    const stats = aggregateStats();
    assert.deepEqual([...multiKrum({ f: 1, m: 2 }).aggregate([v, v, v, v, v], undefined, stats)], [1, -1]);
    assert.deepEqual(stats.selected, [0, 1]);
    // Reference input: scores ascending are rows 0, 6, 2, 3, 4, 1, 5.
    multiKrum({ f: 1, m: 3 }).aggregate(X, undefined, stats);
    assert.deepEqual(stats.selected, [0, 2, 6]);
  });

  it('refuses m outside 1 ≤ m ≤ n and n ≤ 2f + 2', () => {
    assert.equal(configMessage(() => multiKrum({ f: 1, m: 8 }).aggregate(X)), 'policy.m: expected m ≤ n (n = 7), got m = 8');
    assert.equal(configMessage(() => multiKrum({ f: 1, m: 0 })), 'policy.m: expected a number >= 1, got 0');
    assert.equal(configMessage(() => multiKrum({ f: 3 }).aggregate(X)), 'policy.f: expected n > 2f + 2 (n = 7), got f = 3');
  });
});
