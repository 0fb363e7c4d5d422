import assert from 'node:assert/strict';
import { meanAroundMedian, medianOfRange, selectKth, sortRange } from '../../../src/policies/aggregators/select.js';
import { stream } from './helpers.js';

describe('select kernels', () => {
  const s = stream(24);
  const sample = (n: number): Float64Array => Float64Array.from({ length: n }, () => (s.float() < 0.3 ? s.int(-2, 2) : s.normal()));

  it('selectKth places the value of each rank with smaller values before and larger after, inside [lo, hi) only', () => {
    for (let trial = 0; trial < 300; trial++) {
      const n = s.int(1, 70);
      const a = sample(n + 4);
      const before = Float64Array.from(a);
      const t = 2 + s.int(0, n - 1);
      const sorted = Float64Array.from(a.subarray(2, 2 + n)).sort();
      assert.equal(selectKth(a, 2, 2 + n, t), sorted[t - 2]);
      for (let i = 2; i < t; i++) assert.ok(a[i] <= a[t]);
      for (let i = t + 1; i < 2 + n; i++) assert.ok(a[i] >= a[t]);
      assert.deepEqual([a[0], a[1], a[n + 2], a[n + 3]], [before[0], before[1], before[n + 2], before[n + 3]]);
    }
  });

  it('sortRange sorts and medianOfRange averages the middle pair for even counts', () => {
    for (let trial = 0; trial < 200; trial++) {
      const n = s.int(1, 80);
      const a = sample(n);
      const sorted = Float64Array.from(a).sort();
      const b = Float64Array.from(a);
      sortRange(b, 0, n);
      assert.deepEqual(b, sorted);
      const h = n >> 1;
      assert.equal(medianOfRange(Float64Array.from(a), 0, n), n % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2);
    }
  });

  it('meanAroundMedian averages the k values closest to the median', () => {
    assert.equal(meanAroundMedian(Float64Array.of(10, 1, 2, 3, -10), 0, 5, 3), 2);
    assert.equal(meanAroundMedian(Float64Array.of(0, 4, 5, 6, 100), 0, 5, 5), 23);
    assert.equal(meanAroundMedian(Float64Array.of(1, 2), 0, 2, 1), 1, 'median 1.5: 1 and 2 tie, the lower wins');
  });
});
