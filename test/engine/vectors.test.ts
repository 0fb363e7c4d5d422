import assert from 'node:assert/strict';
import * as js from '../../src/core/vectors.js';
import { Rng } from '../../src/core/rng.js';
import { engine } from '../../src/engine/engine.js';
import * as wasm from '../../src/engine/vectors.js';

/** Lengths around the 4-lane blocks, plus a model-sized one. */
const LENGTHS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 1001, 101_770];

/** A vector in engine memory with a mix of magnitudes, signs, zeros, −0 and subnormals. */
function awkward(n: number, seed: number): Float32Array {
  const s = Rng.root(seed).stream();
  const a = engine().float32(n);
  for (let i = 0; i < n; i++) {
    const r = s.float();
    a[i] = r < 0.05 ? 0 : r < 0.08 ? -0 : r < 0.1 ? 1e-40 * s.normal() : r < 0.15 ? 1e30 * s.normal() : s.normal() * 10 ** Math.floor(6 * s.float() - 3);
  }
  return a;
}

const bits = (x: number) => Buffer.from(new Float64Array([x]).buffer).toString('hex');
const same = (a: Float32Array, b: Float32Array) => assert.ok(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength)));

describe('engine vector kernels', () => {
  it('run in wasm on engine memory and fall back to JS elsewhere', () => {
    assert.ok(engine().ptrOf(engine().float32(4)) >= 0);
    assert.equal(engine().ptrOf(new Float32Array(4)), -1);
    assert.equal(engine().ptrOf(new Float32Array(new SharedArrayBuffer(16))), -1);
  });

  for (const n of LENGTHS) {
    it(`give the JS reference's bits at length ${n}`, () => {
      const a = awkward(n, 1 + n);
      const b = awkward(n, 2 + n);
      const plainA = a.slice();
      const plainB = b.slice();
      assert.equal(bits(wasm.dot(a, b)), bits(js.dot(plainA, plainB)));
      assert.equal(bits(wasm.squaredNorm(a)), bits(js.squaredNorm(plainA)));
      assert.equal(bits(wasm.distance(a, b)), bits(js.distance(plainA, plainB)));
      const nd = new Float64Array(2);
      wasm.squaredNormAndDot(a, b, nd);
      assert.deepEqual([bits(nd[0]), bits(nd[1])], [bits(js.squaredNorm(plainA)), bits(js.dot(plainA, plainB))]);
      // −10, 0.5 and 2⁻¹³⁰ are float32 values (scale's float32 path), 0.3 and 1e-7 are not (its float64 path).
      for (const alpha of [-10, 0.5, 2 ** -130, 0.3, 1e-7]) {
        const out = engine().float32(n);
        const ref = new Float32Array(n);
        same(wasm.scaleInto(out, alpha, a), js.scaleInto(ref, alpha, plainA));
        same(wasm.axpyInto(out, a, alpha, b), js.axpyInto(ref, plainA, alpha, plainB));
        for (const wd of [0, 1e-4]) {
          js.sgdStep(ref, plainA, alpha, plainB, wd);
          assert.equal(wasm.sgdStep(out, a, alpha, b, wd), js.allFinite(ref));
          same(out, ref);
        }
      }
      assert.equal(wasm.allFinite(a), js.allFinite(plainA));
    });
  }

  it('allFinite finds a NaN or an infinity anywhere, including the tail', () => {
    for (const n of [1, 4, 5, 13]) {
      for (const bad of [Number.NaN, Infinity, -Infinity]) {
        for (const at of [0, n - 1]) {
          const a = engine().float32(n);
          a[at] = bad;
          assert.equal(wasm.allFinite(a), false, `n=${n} at=${at} ${bad}`);
        }
      }
    }
  });

  it('squaredNormAndDot: ‖g‖² is finite iff g is, even for the largest float32 values', () => {
    const out = new Float64Array(2);
    for (const n of [3, 8, 101_770]) {
      const g = engine().float32(n).fill(-3.4028234663852886e38);
      const v = engine().float32(n).fill(1);
      wasm.squaredNormAndDot(g, v, out);
      assert.ok(Number.isFinite(out[0]) && Number.isFinite(out[1]), `n=${n}`);
      for (const bad of [Number.NaN, Infinity, -Infinity]) {
        for (const at of [0, n - 1]) {
          g[at] = bad;
          wasm.squaredNormAndDot(g, v, out);
          assert.equal(Number.isFinite(out[0]), false, `n=${n} at=${at} ${bad}`);
          g[at] = 1;
        }
      }
    }
  });

  it('sgdStep reports a non-finite result wherever it lands, and may work in place', () => {
    for (const n of [1, 4, 5, 13]) {
      for (const at of [0, n - 1]) {
        const x = engine().float32(n).fill(1);
        const g = engine().float32(n).fill(1);
        assert.equal(wasm.sgdStep(x, x, 0.5, g, 0), true);
        assert.deepEqual([...x], new Array(n).fill(0.5));
        g[at] = 3e38;
        assert.equal(wasm.sgdStep(engine().float32(n), x, 1e10, g, 0), false, `n=${n} at=${at} overflow`);
        g[at] = Number.NaN;
        assert.equal(wasm.sgdStep(engine().float32(n), x, 1, g, 1e-4), false, `n=${n} at=${at} NaN`);
        g[at] = Infinity;
        assert.equal(wasm.sgdStep(engine().float32(n), x, 1, g, 0), false, `n=${n} at=${at} ∞`);
      }
    }
  });

  it('scale and axpy may work in place', () => {
    const x = engine().float32(6);
    x.set([1, 2, 3, 4, 5, 6]);
    wasm.scaleInto(x, 2, x);
    assert.deepEqual([...x], [2, 4, 6, 8, 10, 12]);
    wasm.axpyInto(x, x, -0.5, x);
    assert.deepEqual([...x], [1, 2, 3, 4, 5, 6]);
  });

  it('refuse vectors of different lengths', () => {
    assert.throws(() => wasm.dot(engine().float32(3), engine().float32(4)), /length mismatch/);
    assert.throws(() => wasm.sgdStep(engine().float32(3), engine().float32(3), 1, engine().float32(4), 0), /differ/);
  });
});
