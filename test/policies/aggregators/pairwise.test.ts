import assert from 'node:assert/strict';
import { pairwiseSquaredDistances } from '../../../src/policies/aggregators/pairwise.js';
import { normalRows, stream } from './helpers.js';

describe('pairwiseSquaredDistances', () => {
  it('matches a naive float64 loop, across block and unroll boundaries, symmetric with a zero diagonal', () => {
    const s = stream(25);
    for (const [n, d] of [[1, 5], [2, 1], [5, 3], [9, 2047], [6, 2049], [13, 4100]]) {
      const rows = normalRows(s, n, d);
      const D = pairwiseSquaredDistances(rows);
      for (let i = 0; i < n; i++) {
        assert.equal(D[i * n + i], 0);
        for (let j = 0; j < n; j++) {
          let e = 0;
          for (let k = 0; k < d; k++) e += (rows[i][k] - rows[j][k]) ** 2;
          assert.ok(Math.abs(D[i * n + j] - e) <= 1e-12 * e, `n ${n} d ${d} (${i}, ${j})`);
          assert.equal(D[i * n + j], D[j * n + i]);
        }
      }
    }
  });

  it('gives exactly 0 for identical vectors and keeps tiny differences between large ones (no Gram cancellation)', () => {
    const a = Float32Array.from({ length: 1000 }, (_, k) => 1e4 + k);
    const b = Float32Array.from(a);
    b[7] += 1 / 512; // one ulp at 1e4 is 2⁻¹⁰
    const D = pairwiseSquaredDistances([a, Float32Array.from(a), b]);
    assert.equal(D[1], 0);
    assert.equal(D[2], (b[7] - a[7]) ** 2);
  });

  it('reuses a large enough buffer', () => {
    const rows = normalRows(stream(26), 3, 10);
    const buf = new Float64Array(100).fill(7);
    const D = pairwiseSquaredDistances(rows, buf);
    assert.equal(D, buf);
    assert.equal(D[0], 0);
  });
});
