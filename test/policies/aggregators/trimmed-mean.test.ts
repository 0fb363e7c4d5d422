import assert from 'node:assert/strict';
import { mean } from '../../../src/policies/aggregators/mean.js';
import { trimmedMean } from '../../../src/policies/aggregators/trimmed-mean.js';
import { assertClose, configMessage, normalRows, permute, stream } from './helpers.js';

const col = (...v: number[]): Float32Array[] => v.map((x) => Float32Array.of(x));

describe('trimmed-mean', () => {
  it('drops the b largest and b smallest values of each coordinate and averages the rest', () => {
    assert.equal(trimmedMean({ b: 1 }).aggregate(col(1, 2, 3, 4, 100))[0], 3);
    assert.equal(trimmedMean({ b: 2 }).aggregate(col(9, -9, 1, 2, 3, 50, -50))[0], 2);
    assert.equal(trimmedMean({ b: 1 }).aggregate(col(5, 5, 5, 5, 1))[0], 5);
  });

  it('sums the kept values directly, so ±1e30 outliers do not cancel them away', () => {
    assert.equal(trimmedMean({ b: 1 }).aggregate(col(-1e30, 1, 2, 3, 1e30))[0], 2);
    assert.equal(trimmedMean({ b: 2 }).aggregate(col(1e30, 1e30, 0.5, -1e30, -1e30))[0], 0.5);
  });

  it('with b = 0 is the mean', () => {
    const rows = normalRows(stream(7), 6, 100);
    assertClose(trimmedMean({ b: 0 }).aggregate(rows), mean().aggregate(rows), 1e-6, 1e-7);
  });

  it('agrees with sorting, for every valid (n, b) up to n = 40', () => {
    const s = stream(8);
    for (let n = 1; n <= 40; n++) {
      for (let b = 0; 2 * b < n; b += Math.max(1, n >> 2)) {
        const rows = normalRows(s, n, 9).map((r) => r.map((v) => Math.round(v * 4) / 4));
        const out = trimmedMean({ b }).aggregate(rows);
        for (let j = 0; j < 9; j++) {
          const kept = rows.map((r) => r[j]).sort((x, y) => x - y).slice(b, n - b);
          assert.equal(out[j], Math.fround(kept.reduce((x, y) => x + y, 0) / kept.length), `n ${n} b ${b} j ${j}`);
        }
      }
    }
  });

  it('refuses 2b ≥ n, naming policy.b', () => {
    assert.equal(configMessage(() => trimmedMean({ b: 2 }).aggregate(col(1, 2, 3, 4))), 'policy.b: expected 2b < n (n = 4), got b = 2');
    assert.equal(trimmedMean({ b: 2 }).aggregate(col(1, 2, 3, 4, 5))[0], 3);
  });

  it('does not depend on the order of the inputs and is translation equivariant', () => {
    const s = stream(9);
    const rows = normalRows(s, 20, 500);
    const tm = trimmedMean({ b: 4 });
    assertClose(tm.aggregate(permute(s, rows).rows), tm.aggregate(rows), 1e-6, 1e-7);
    const c = Float32Array.from({ length: 500 }, () => 3 * s.normal());
    assertClose(tm.aggregate(rows.map((r) => r.map((v, j) => v + c[j]))), tm.aggregate(rows).map((v, j) => v + c[j]), 1e-5, 1e-5);
  });
});
