import assert from 'node:assert/strict';
import { meamed } from '../../../src/policies/aggregators/meamed.js';
import { X, assertClose, configMessage, normalRows, permute, stream } from './helpers.js';

const col = (...v: number[]): Float32Array[] => v.map((x) => Float32Array.of(x));

describe('meamed', () => {
  it('averages the n − f values closest to the median of each coordinate', () => {
    // median 3; the 4 closest are 3, 2, 4, 1.
    assert.equal(meamed({ f: 1 }).aggregate(col(1, 2, 3, 4, 100))[0], 2.5);
    assert.equal(meamed({ f: 0 }).aggregate(col(1, 2, 3, 4, 100))[0], 22);
  });

  it('on the reference input with f = 1 drops the outlier in every coordinate (computed with reference_vectors.py)', () => {
    assertClose(meamed({ f: 1 }).aggregate(X), [1.0416666666666667, 2.0083333333333333, 0.525]);
  });

  it('breaks ties at equal distance towards the lower value', () => {
    // median 3, k = 2: 3 and then 1 or 5 (both at distance 2) → 1.
    assert.equal(meamed({ f: 1 }).aggregate(col(5, 3, 1))[0], 2);
    assert.equal(meamed({ f: 1 }).aggregate(col(1, 3, 5))[0], 2);
  });

  it('refuses 2f ≥ n, naming policy.f', () => {
    assert.equal(configMessage(() => meamed({ f: 2 }).aggregate(col(1, 2, 3, 4))), 'policy.f: expected 2f < n (n = 4), got f = 2');
  });

  it('agrees with a sort-based definition and does not depend on the order of the inputs', () => {
    const s = stream(10);
    for (let n = 1; n <= 30; n++) {
      const f = s.int(0, (n - 1) >> 1);
      const rows = normalRows(s, n, 7).map((r) => r.map((v) => Math.round(v * 4) / 4));
      const out = meamed({ f }).aggregate(rows);
      assert.deepEqual(meamed({ f }).aggregate(permute(s, rows).rows), out);
      for (let j = 0; j < 7; j++) {
        const v = rows.map((r) => r[j]).sort((a, b) => a - b);
        const med = n % 2 ? v[n >> 1] : (v[(n >> 1) - 1] + v[n >> 1]) / 2;
        // Stable sort by distance over ascending values: ties keep the lower value.
        const kept = [...v].sort((a, b) => Math.abs(a - med) - Math.abs(b - med)).slice(0, n - f);
        assert.equal(out[j], Math.fround(kept.reduce((a, b) => a + b, 0) / kept.length), `n ${n} f ${f} j ${j}`);
      }
    }
  });
});
