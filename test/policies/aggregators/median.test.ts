import assert from 'node:assert/strict';
import { mean } from '../../../src/policies/aggregators/mean.js';
import { median } from '../../../src/policies/aggregators/median.js';
import { assertClose, normalRows, permute, stream } from './helpers.js';

const col = (...v: number[]): Float32Array[] => v.map((x) => Float32Array.of(x));

describe('median', () => {
  it('takes the middle value for odd n and the average of the two middle values for even n', () => {
    assert.equal(median().aggregate(col(5, -1, 3))[0], 3);
    assert.equal(median().aggregate(col(4, 1, 3, 2))[0], 2.5);
    assert.equal(median().aggregate(col(7, 7))[0], 7);
    assert.deepEqual([...median().aggregate([Float32Array.of(1, 10), Float32Array.of(2, 30), Float32Array.of(3, 20)])], [2, 20]);
  });

  it("the talk's toy example: with the two largest of {−0.3, 1, 2, 3, 4} replaced by −0.9, the median turns negative while the mean stays positive", () => {
    const rows = col(-0.3, 1, 2, -0.9, -0.9);
    assert.equal(median().aggregate(rows)[0], Math.fround(-0.3));
    assertClose(mean().aggregate(rows), [0.18]);
  });

  it('handles duplicates and ties at every position', () => {
    assert.equal(median().aggregate(col(2, 2, 2, 2, 2))[0], 2);
    assert.equal(median().aggregate(col(1, 2, 2, 2, 9, 9))[0], 2);
  });

  it('agrees with sorting, for every n up to 60', () => {
    const s = stream(3);
    for (let n = 1; n <= 60; n++) {
      const rows = normalRows(s, n, 17).map((r) => r.map((v) => Math.round(v * 3) / 3)); // many ties
      const out = median().aggregate(rows);
      for (let j = 0; j < 17; j++) {
        const sorted = rows.map((r) => r[j]).sort((a, b) => a - b);
        const h = n >> 1;
        const expected = Math.fround(n % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2);
        assert.ok(out[j] === expected, `n = ${n}, j = ${j}: ${out[j]} vs ${expected}`);
        assert.ok(!Object.is(out[j], -0), 'zeros come out as +0 whatever the input order');
      }
    }
  });

  it('does not depend on the order of the inputs (exactly)', () => {
    const s = stream(4);
    for (const n of [2, 7, 20, 51]) {
      const rows = normalRows(s, n, 300);
      assert.deepEqual(median().aggregate(permute(s, rows).rows), median().aggregate(rows));
    }
  });

  it('is translation equivariant: median(x + c) = median(x) + c', () => {
    const s = stream(5);
    const rows = normalRows(s, 11, 200);
    const c = Float32Array.from({ length: 200 }, () => 5 * s.normal());
    const shifted = rows.map((r) => r.map((v, j) => v + c[j]));
    const expected = median().aggregate(rows).map((v, j) => v + c[j]);
    assertClose(median().aggregate(shifted), expected, 1e-5, 1e-5);
  });

  it('stays inside the honest range of every coordinate when q < n/2 vectors are Byzantine', () => {
    const s = stream(6);
    for (let trial = 0; trial < 20; trial++) {
      const n = s.int(3, 30);
      const q = s.int(0, Math.ceil(n / 2) - 1);
      const honest = normalRows(s, n - q, 50);
      const byz = Array.from({ length: q }, () => Float32Array.from({ length: 50 }, () => (s.float() < 0.5 ? -1e30 : 1e30) * s.float()));
      const out = median().aggregate(permute(s, [...honest, ...byz]).rows);
      for (let j = 0; j < 50; j++) {
        const values = honest.map((r) => r[j]);
        assert.ok(out[j] >= Math.min(...values) && out[j] <= Math.max(...values), `trial ${trial}, n ${n}, q ${q}, j ${j}`);
      }
    }
  });
});
