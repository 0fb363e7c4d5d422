import assert from 'node:assert/strict';
import { Rng } from '../../../src/core/rng.js';
import { engine } from '../../../src/engine/engine.js';
import { RowSums } from '../../../src/policies/aggregators/row-sums.js';

/**
 * The engine's row sums (assembly/weighted.ts) against plain-JS loops in the summation order that file states
 * (per coordinate, rows in index order; distances in four lanes per block): equal bits, wherever the rows live.
 */

function rowsOf(n: number, d: number, seed: number): Float32Array[] {
  const s = Rng.root(seed).fork('row-sums').stream();
  return Array.from({ length: n }, (_, i) =>
    Float32Array.from({ length: d }, () => {
      const r = s.float();
      return r < 0.1 ? 0 : r < 0.15 ? -0 : r < 0.2 ? 1e30 * s.normal() : r < 0.25 && i > 0 ? 1 : s.normal() * 10 ** Math.floor(6 * s.float() - 3);
    }),
  );
}

const inEngine = (rows: Float32Array[]) => rows.map(copy);
function copy(r: Float32Array): Float32Array {
  const a = engine().float32(r.length);
  a.set(r);
  return a;
}

const BLOCK = 2048;

function sqDist(z: Float64Array, x: Float32Array, lo: number, hi: number): number {
  const s = [0, 0, 0, 0];
  const end = lo + ((hi - lo) & ~3);
  for (let k = lo; k < end; k++) s[(k - lo) & 3] += (z[k] - x[k]) ** 2;
  for (let k = end; k < hi; k++) s[0] += (z[k] - x[k]) ** 2;
  return s[0] + s[1] + (s[2] + s[3]);
}

function refMean(rows: Float32Array[], d: number): Float64Array {
  const out = new Float64Array(d);
  for (let c = 0; c < d; c++) {
    let acc = 0;
    for (const r of rows) acc += r[c];
    out[c] = acc / rows.length;
  }
  return out;
}

function refWeiszfeld(rows: Float32Array[], beta: Float64Array, total: number, d: number): { next: Float64Array; dist2: Float64Array } {
  const next = new Float64Array(d);
  const dist2 = new Float64Array(rows.length);
  for (let lo = 0; lo < d; lo += BLOCK) {
    const hi = Math.min(d, lo + BLOCK);
    for (let c = lo; c < hi; c++) {
      let acc = 0;
      rows.forEach((r, i) => (acc += beta[i] * r[c]));
      next[c] = acc / total;
    }
    rows.forEach((r, i) => (dist2[i] += sqDist(next, r, lo, hi)));
  }
  return { next, dist2 };
}

function refClip(rows: Float32Array[], scale: Float64Array, v: Float64Array, more: boolean): Float64Array {
  const n = rows.length;
  const dist2 = new Float64Array(n);
  for (let lo = 0; lo < v.length; lo += BLOCK) {
    const hi = Math.min(v.length, lo + BLOCK);
    for (let c = lo; c < hi; c++) {
      let acc = 0;
      rows.forEach((r, i) => (acc += scale[i] * (r[c] - v[c])));
      v[c] += acc / n;
    }
    if (more) rows.forEach((r, i) => (dist2[i] += sqDist(v, r, lo, hi)));
  }
  return dist2;
}

const hex = (a: Float32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe('engine row sums (mean, Weiszfeld, centered clipping)', () => {
  for (const [n, d] of [[1, 1], [1, 7], [2, 3], [3, 4], [4, 9], [5, 2047], [7, 2053], [20, 4100]]) {
    it(`give the reference loops' bits, n ${n} × d ${d}, in or out of engine memory`, () => {
      const plain = rowsOf(n, d, 31 * n + d);
      for (const rows of [plain, inEngine(plain)]) {
        const sums = new RowSums();
        const expectedMean = refMean(plain, d);
        assert.equal(hex(sums.mean(rows, new Float64Array(d))), hex(expectedMean), 'mean float64');
        assert.equal(hex(sums.mean(rows, new Float32Array(d))), hex(Float32Array.from(expectedMean)), 'mean float32');

        const z = sums.vector(undefined, d);
        z.set(expectedMean);
        const dist2 = sums.vector(undefined, n);
        sums.distancesTo(rows, z, dist2);
        assert.equal(hex(dist2), hex(Float64Array.from(plain, (r) => sqDist(expectedMean, r, 0, d))), 'distancesTo');

        const beta = sums.vector(undefined, n);
        beta.set(plain.map((_, i) => 1 / (1 + i * 0.37)));
        const total = beta.reduce((a, b) => a + b, 0);
        const next = sums.vector(undefined, d);
        sums.weiszfeldStep(rows, beta, total, next, dist2);
        const w = refWeiszfeld(plain, beta, total, d);
        assert.equal(hex(next), hex(w.next), 'weiszfeld next');
        assert.equal(hex(dist2), hex(w.dist2), 'weiszfeld distances');

        for (const more of [true, false]) {
          const v = sums.vector(undefined, d);
          v.set(w.next);
          const vRef = Float64Array.from(w.next);
          const scale = sums.vector(undefined, n);
          scale.set(plain.map((_, i) => (i % 3 === 0 ? 1 : 0.5 / (i + 1))));
          dist2.fill(7);
          sums.clipStep(rows, scale, v, dist2, more);
          const dRef = refClip(plain, scale, vRef, more);
          assert.equal(hex(v), hex(vRef), 'clip v');
          if (more) assert.equal(hex(dist2), hex(dRef), 'clip distances');
        }
      }
    });
  }
});
