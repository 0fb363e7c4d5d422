import assert from 'node:assert/strict';
import { sortRange } from '../../../src/policies/aggregators/select.js';
import { stream } from './helpers.js';

describe('sortRange', () => {
  const s = stream(24);
  const sample = (n: number): Float64Array => Float64Array.from({ length: n }, () => (s.float() < 0.3 ? s.int(-2, 2) : s.normal()));

  it('sorts a range ascending, with duplicates, and leaves the rest of the array alone', () => {
    for (let trial = 0; trial < 200; trial++) {
      const n = s.int(1, 80);
      const a = sample(n + 4);
      const before = Float64Array.from(a);
      sortRange(a, 2, 2 + n);
      assert.deepEqual(a.subarray(2, 2 + n), Float64Array.from(before.subarray(2, 2 + n)).sort());
      assert.deepEqual([a[0], a[1], a[n + 2], a[n + 3]], [before[0], before[1], before[n + 2], before[n + 3]]);
    }
  });
});
