import assert from 'node:assert/strict';
import { geometricMedian } from '../../../src/policies/aggregators/geometric-median.js';
import { X, assertClose, normalRows, permute, reference, stream } from './helpers.js';

/** ‖Σᵢ (z − xᵢ)/‖z − xᵢ‖‖: zero at the geometric median when z is no input vector. */
function optimality(z: Float32Array, rows: readonly Float32Array[]): number {
  const g = new Float64Array(z.length);
  for (const x of rows) {
    let r = 0;
    for (let j = 0; j < z.length; j++) r += (z[j] - x[j]) ** 2;
    r = Math.sqrt(r);
    for (let j = 0; j < z.length; j++) g[j] += (z[j] - x[j]) / r;
  }
  return Math.sqrt(g.reduce((s, v) => s + v * v, 0));
}

function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return Math.sqrt(s);
}

describe('geometric-median', () => {
  it('depends on the start when the iterations are few: zero and median starts (computed with reference_vectors.py)', () => {
    assertClose(geometricMedian({ nu: 0.1, maxIter: 3, tol: 0, init: 'zero' }).aggregate(X), [1.009032084000514, 2.0585047337979683, 0.5096951481426945]);
    assertClose(geometricMedian({ nu: 0.1, maxIter: 3, tol: 0, init: 'median' }).aggregate(X), [1.0114330723478075, 2.0522146434740347, 0.5087286667459598]);
  });

  it('with the defaults (median start, stop when z moves < 1e-6·‖z‖) stops early, at the converged point', () => {
    const g = geometricMedian();
    // reference_vectors.json geomed_nu1e-6 (NumPy, run to convergence); the objective-based stop of the old
    // default ended at [1.01290701, 2.03638672, 0.50005099], 2.5e-4 away in the first coordinate.
    assertClose(g.aggregate(X), reference['geomed_nu1e-6'].vector as number[], 1e-5);
    assert.ok(g.lastIterations > 1 && g.lastIterations < 100, `${g.lastIterations} iterations`);
  });

  it('runs every iteration with tol 0 (the comparison is strict)', () => {
    const g = geometricMedian({ tol: 0, maxIter: 1000 });
    g.aggregate(X);
    assert.equal(g.lastIterations, 1000);
    const huge = [...normalRows(stream(22), 7, 5), ...normalRows(stream(23), 3, 5, -1e8, 1)];
    g.aggregate(huge);
    assert.equal(g.lastIterations, 1000);
  });

  it('satisfies its optimality condition ‖Σ (z − xᵢ)/‖z − xᵢ‖‖ ≈ 0, small relative to n', () => {
    const s = stream(19);
    for (const [n, d] of [[5, 3], [20, 50], [51, 10]]) {
      const rows = normalRows(s, n, d);
      const z = geometricMedian({ tol: 1e-12, maxIter: 1000 }).aggregate(rows);
      assert.ok(optimality(z, rows) < 1e-3 * n, `n ${n}: ${optimality(z, rows)}`);
    }
  });

  it('does not depend on the order of the inputs and is translation equivariant', () => {
    const s = stream(20);
    const rows = normalRows(s, 12, 40);
    const gm = geometricMedian({ tol: 1e-12, maxIter: 1000 });
    const z = gm.aggregate(rows);
    assertClose(gm.aggregate(permute(s, rows).rows), z, 1e-5, 1e-6);
    const c = Float32Array.from({ length: 40 }, () => 4 * s.normal());
    assertClose(gm.aggregate(rows.map((r) => r.map((v, j) => v + c[j]))), z.map((v, j) => v + c[j]), 1e-5, 1e-5);
  });

  it('handles coincident vectors: all equal, or an identical majority', () => {
    const v = Float32Array.of(3, -1, 0.25);
    assert.deepEqual(geometricMedian().aggregate([v, v, v, v]), v);
    const out = geometricMedian({ tol: 1e-12, maxIter: 1000 }).aggregate([v, v, v, Float32Array.of(100, 100, 100), Float32Array.of(-50, 7, 1)]);
    assertClose(out, v, 1e-4, 1e-4);
  });

  it('with its defaults stays with 7 honest vectors near μ when 3 sit at −1e8·μ (d = 7,850)', () => {
    const s = stream(24);
    const d = 7850;
    const mu = Float32Array.from({ length: d }, () => s.normal());
    const honest = Array.from({ length: 7 }, () => mu.map((v) => v + 0.1 * s.normal()));
    const byz = Array.from({ length: 3 }, () => mu.map((v) => -1e8 * v));
    const out = geometricMedian().aggregate([...honest, ...byz]);
    const dot = out.reduce((a, v, j) => a + v * mu[j], 0);
    const cos = dot / (Math.hypot(...out) * Math.hypot(...mu));
    assert.ok(cos > 0.99, `cosine with μ ${cos} (the objective-based stop from the mean gave −1)`);
    assert.ok(distance(out, mu) < 0.5 * Math.hypot(...mu), `‖out − μ‖ = ${distance(out, mu)}`);
  });

  it('breakdown point 1/2: with k < n/2 arbitrary finite vectors, however large, it stays within 2hr/(h − k) of the honest centre', () => {
    // Any z with F(z) ≤ F(c) satisfies (h − k)‖z − c‖ − 2hr ≤ 0 when the h honest vectors lie within r of c.
    const s = stream(25, 'breakdown');
    for (let trial = 0; trial < 60; trial++) {
      const n = s.int(3, 15);
      const k = s.int(1, Math.ceil(n / 2) - 1);
      const h = n - k;
      const d = s.int(1, 40);
      const centre = Float32Array.from({ length: d }, () => 10 * s.normal());
      const honest = Array.from({ length: h }, () => centre.map((v) => v + s.normal()));
      const scale = [1e3, 1e8, 1e15, 1e30][s.int(0, 3)];
      const direction = Float32Array.from({ length: d }, () => s.normal());
      const byz = Array.from({ length: k }, () =>
        s.float() < 0.5 ? direction.map((v) => scale * v) : Float32Array.from({ length: d }, () => scale * s.normal()),
      );
      const rows = permute(s, [...honest, ...byz]).rows;
      const c = new Float64Array(d);
      for (const x of honest) for (let j = 0; j < d; j++) c[j] += x[j] / h;
      const r = Math.max(...honest.map((x) => distance(x, c)));
      const out = geometricMedian().aggregate(rows);
      const bound = (2 * h * r) / (h - k);
      assert.ok(distance(out, c) <= bound * (1 + 1e-6), `trial ${trial} (n ${n}, k ${k}, scale ${scale}): ‖z − c‖ = ${distance(out, c)} > ${bound}`);
    }
  });

  it("init 'mean' is still offered; with the move-based stop it also ends near the honest vectors here", () => {
    const s = stream(21);
    const rows = [...normalRows(s, 8, 10), ...normalRows(s, 3, 10, 1e30, 1e29)];
    const g = geometricMedian({ init: 'mean' });
    const out = g.aggregate(rows);
    assert.ok(out.every((x) => Math.abs(x) < 5), `${[...out]} after ${g.lastIterations} iterations`);
  });
});
