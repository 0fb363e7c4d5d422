import assert from 'node:assert/strict';
import { Rng } from '../../src/core/rng.js';
import { Engine } from '../../src/engine/engine.js';

/**
 * The CNN's convolution and pooling kernels (vectorized across channels, zero inputs dropped by selects) against
 * the scalar loops they replace, bit for bit, on inputs with zeros, −0, an infinite weight behind a zero input,
 * NaN and ties.
 */
const bits = (a: Float32Array | Int32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

function convReference(input: Float32Array, h: number, w: number, cin: number, filter: Float32Array, bias: Float32Array, k: number, cout: number): Float32Array {
  const oh = h - k + 1;
  const ow = w - k + 1;
  const out = new Float32Array(oh * ow * cout);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let co = 0; co < cout; co++) {
        let acc = bias[co];
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++) {
            for (let ci = 0; ci < cin; ci++) {
              const v = input[((oy + ky) * w + ox + kx) * cin + ci];
              if (v !== 0) acc = Math.fround(acc + Math.fround(v * filter[((ky * k + kx) * cin + ci) * cout + co]));
            }
          }
        }
        out[(oy * ow + ox) * cout + co] = acc;
      }
    }
  }
  return out;
}

function poolReference(src: Float32Array, h: number, w: number, c: number): { dst: Float32Array; arg: Int32Array } {
  const dst = new Float32Array((h >> 1) * (w >> 1) * c);
  const arg = new Int32Array(dst.length);
  let q = 0;
  for (let py = 0; py < h >> 1; py++) {
    for (let px = 0; px < w >> 1; px++) {
      for (let ch = 0; ch < c; ch++) {
        const i00 = (2 * py * w + 2 * px) * c + ch;
        let best = i00;
        let m = src[i00];
        for (const i of [i00 + c, i00 + w * c, i00 + w * c + c]) {
          if (src[i] > m) {
            m = src[i];
            best = i;
          }
        }
        dst[q] = m;
        arg[q++] = best;
      }
    }
  }
  return { dst, arg };
}

describe('engine: CNN kernels', () => {
  it('convForward computes the scalar loop bit for bit (every cout a multiple of 4 up to 36)', () => {
    const e = new Engine();
    const r = Rng.root(5).stream(0);
    for (const [h, w, cin, k] of [[6, 7, 3, 3], [12, 12, 8, 5]]) {
      for (const cout of [4, 8, 12, 16, 20, 36]) {
        const input = e.float32(h * w * cin), filter = e.float32(k * k * cin * cout), bias = e.float32(cout);
        const out = e.float32((h - k + 1) * (w - k + 1) * cout);
        for (let i = 0; i < input.length; i++) input[i] = r.float() < 0.5 ? 0 : r.float();
        for (let i = 0; i < filter.length; i++) filter[i] = r.float() - 0.5;
        for (let j = 0; j < cout; j++) bias[j] = j % 3 === 0 ? -0 : r.float() - 0.5;
        // Output (0, 0) sees only zeros: its −0 biases must stay −0, and the infinite weight behind them is skipped.
        for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) for (let ci = 0; ci < cin; ci++) input[(ky * w + kx) * cin + ci] = 0;
        filter[1] = Number.POSITIVE_INFINITY;
        input[input.length - 1] = Number.NaN; // NaN ≠ 0: kept, as the scalar loop keeps it
        e.k.convForward(e.ptrOf(input), h, w, cin, e.ptrOf(filter), e.ptrOf(bias), k, cout, e.ptrOf(out));
        assert.deepEqual(bits(out), bits(convReference(input, h, w, cin, filter, bias, k, cout)), `${h}×${w}×${cin}, k ${k}, cout ${cout}`);
        assert.ok(out.some(Number.isNaN) && Object.is(out[0], -0) && Number.isFinite(out[1]), 'the edge cases reach the output');
      }
    }
  });

  it('maxPool2 picks the same maxima and positions as the scalar loop (ties to the first, NaN never replaces)', () => {
    const e = new Engine();
    const r = Rng.root(6).stream(0);
    for (const c of [1, 3, 4, 8, 16, 18]) {
      const [h, w] = [6, 4];
      const src = e.float32(h * w * c), dst = e.float32((h >> 1) * (w >> 1) * c);
      const argAt = e.alloc(dst.length * 4);
      // Few distinct values, so ties are common; some NaN and −0.
      for (let i = 0; i < src.length; i++) {
        const u = r.float();
        src[i] = u < 0.05 ? Number.NaN : u < 0.15 ? -0 : Math.floor(4 * r.float());
      }
      e.k.maxPool2(e.ptrOf(src), h, w, c, e.ptrOf(dst), argAt);
      const arg = new Int32Array(e.memory.buffer, argAt, dst.length);
      const want = poolReference(src, h, w, c);
      assert.deepEqual(bits(dst), bits(want.dst), `c ${c}`);
      assert.deepEqual([...arg], [...want.arg], `c ${c}`);
    }
  });
});
