import assert from 'node:assert/strict';
import { Rng } from '../../src/core/rng.js';
import { Engine } from '../../src/engine/engine.js';

/** The scalar loop the kernel must reproduce bit for bit: out = bias, then + a·W[k, j] (float32) where a ≠ 0. */
function reference(bias: Float32Array, w: Float32Array, src: Float32Array, n: number, inW: number, outW: number): Float32Array {
  const out = new Float32Array(n * outW);
  for (let b = 0; b < n; b++) {
    for (let j = 0; j < outW; j++) {
      let acc = bias[j];
      for (let k = 0; k < inW; k++) {
        const a = src[b * inW + k];
        if (a !== 0) acc = Math.fround(acc + Math.fround(a * w[k * outW + j]));
      }
      out[b * outW + j] = acc;
    }
  }
  return out;
}

describe('engine: denseForward (a dense layer after the first)', () => {
  it('computes the scalar loop bit for bit for any batch size and width, skipping zero inputs exactly', () => {
    const e = new Engine();
    const r = Rng.root(3).stream(0);
    let cases = 0;
    for (const n of [1, 2, 3, 4, 5, 7, 32]) {
      for (const inW of [1, 3, 8, 13]) {
        for (const outW of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 17, 33]) {
          const bias = e.float32(outW), w = e.float32(inW * outW), src = e.float32(n * inW), dst = e.float32(n * outW);
          for (let j = 0; j < outW; j++) bias[j] = j % 3 === 0 ? -0 : r.float() - 0.5; // −0 sums must stay −0
          for (let i = 0; i < w.length; i++) w[i] = r.float() - 0.5;
          // About half the inputs are ReLU zeros; one +0 input meets an infinite weight (skipped: no NaN).
          for (let i = 0; i < src.length; i++) src[i] = r.float() < 0.5 ? 0 : r.float();
          src[0] = 0;
          w[outW - 1] = Number.POSITIVE_INFINITY;
          e.k.denseForward(e.ptrOf(dst), e.ptrOf(bias), e.ptrOf(w), e.ptrOf(src), n, inW, outW);
          const want = reference(bias, w, src, n, inW, outW);
          assert.deepEqual(new Uint32Array(dst.buffer, dst.byteOffset, dst.length), new Uint32Array(want.buffer), `n ${n}, in ${inW}, out ${outW}`);
          for (const a of [bias, w, src, dst]) e.release(a);
          cases++;
        }
      }
    }
    assert.equal(cases, 7 * 4 * 13);
  });

  it('keeps a NaN input (NaN ≠ 0 is true) and writes nothing past the n rows', () => {
    const e = new Engine();
    const [n, inW, outW] = [3, 2, 5];
    const bias = e.float32(outW), w = e.float32(inW * outW), src = e.float32(n * inW), dst = e.float32(n * outW + 4);
    w.fill(1);
    src.set([Number.NaN, 1, 2, 0, 0, 0]);
    dst.fill(42);
    e.k.denseForward(e.ptrOf(dst), e.ptrOf(bias), e.ptrOf(w), e.ptrOf(src), n, inW, outW);
    assert.ok(dst.subarray(0, outW).every(Number.isNaN));
    assert.deepEqual([...dst.subarray(outW)], [2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 42, 42, 42, 42]);
  });
});
