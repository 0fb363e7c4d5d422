import assert from 'node:assert/strict';
import { geometricMedian } from '../../../src/policies/aggregators/geometric-median.js';
import { X, assertClose, normalRows, permute, stream } from './helpers.js';

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

describe('geometric-median', () => {
  it('depends on the start when the iterations are few: zero and median starts (computed with reference_vectors.py)', () => {
    assertClose(geometricMedian({ nu: 0.1, maxIter: 3, tol: 0, init: 'zero' }).aggregate(X), [1.009032084000514, 2.0585047337979683, 0.5096951481426945]);
    assertClose(geometricMedian({ nu: 0.1, maxIter: 3, tol: 0, init: 'median' }).aggregate(X), [1.0114330723478075, 2.0522146434740347, 0.5087286667459598]);
  });

  it('with the defaults (tol 1e-6 on the objective) stops early, close to the converged point', () => {
    const g = geometricMedian();
    assertClose(g.aggregate(X), [1.01290701, 2.03638672, 0.50005099], 1e-5);
    assert.ok(g.lastIterations >= 8 && g.lastIterations <= 10, `${g.lastIterations} iterations (NumPy: 9)`);
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

  it('stays with the honest vectors when fewer than half are at 1e30, started from the coordinate-wise median', () => {
    const s = stream(21);
    const honest = normalRows(s, 8, 10);
    const byz = normalRows(s, 3, 10, 1e30, 1e29);
    const out = geometricMedian({ init: 'median' }).aggregate([...honest, ...byz]);
    assert.ok(out.every((x) => Math.abs(x) < 5), `${[...out]}`);
  });

  it('started from the mean, stops far from it when outliers dominate the objective (tol is relative to F)', () => {
    // F ≈ 3·1e30, so moving z by 1e20 changes F by ~1e-10 relative: the default tol stops long before z
    // reaches the honest vectors. Documented in docs/rules.md; init 'median' avoids it.
    const s = stream(21);
    const rows = [...normalRows(s, 8, 10), ...normalRows(s, 3, 10, 1e30, 1e29)];
    const out = geometricMedian().aggregate(rows);
    assert.ok(out.every(Number.isFinite) && out.some((x) => Math.abs(x) > 1e10), `${[...out]}`);
  });
});
