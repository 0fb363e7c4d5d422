import assert from 'node:assert/strict';
import { Rng } from '../../../src/core/rng.js';
import { engine } from '../../../src/engine/engine.js';
import { pruneTo, sortingNetwork } from '../../../src/engine/sorting-network.js';
import { ColumnKernels } from '../../../src/policies/aggregators/columns.js';
import { pairwiseSquaredDistances } from '../../../src/policies/aggregators/pairwise.js';

/**
 * The engine's coordinate-wise and pairwise kernels against plain-JS references that follow the summation
 * orders stated in assembly/columns.ts and assembly/pairwise.ts: the bits must be equal, wherever the rows live.
 */

/** Rows with duplicates, ±0, huge and tiny values, in plain memory. */
function awkwardRows(n: number, d: number, seed: number): Float32Array[] {
  const s = Rng.root(seed).fork('awkward').stream();
  const rows = Array.from({ length: n }, () => new Float32Array(d));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const r = s.float();
      rows[i][j] =
        r < 0.1 ? 0 : r < 0.2 ? -0 : r < 0.25 ? 3e38 * (s.float() < 0.5 ? -1 : 1) : r < 0.3 ? 1e-40 : r < 0.45 && i > 0 ? rows[i - 1][j] : s.normal() * 10 ** Math.floor(4 * s.float() - 2);
    }
  }
  return rows;
}

function inEngine(rows: readonly Float32Array[]): Float32Array[] {
  return rows.map((r) => {
    const a = engine().float32(r.length);
    a.set(r);
    return a;
  });
}

const sortedColumn = (rows: readonly Float32Array[], j: number): Float64Array => Float64Array.from(Float32Array.from(rows, (r) => r[j]).sort());

function refMedian(s: Float64Array): number {
  const n = s.length;
  const h = n >> 1;
  return n % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function refTrimmed(s: Float64Array, b: number): number {
  let sum = 0;
  for (let i = b; i < s.length - b; i++) sum += s[i];
  return sum / (s.length - 2 * b);
}

function refAround(s: Float64Array, k: number): number {
  const med = refMedian(s);
  let lo = 0;
  let hi = s.length - k;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (med - s[mid] > s[mid + k] - med) lo = mid + 1;
    else hi = mid;
  }
  let sum = 0;
  for (let i = lo; i < lo + k; i++) sum += s[i];
  return sum / k;
}

function reference(rows: readonly Float32Array[], d: number, f: (s: Float64Array) => number): Float64Array {
  return Float64Array.from({ length: d }, (_, j) => f(sortedColumn(rows, j)) + 0);
}

const hex = (a: Float32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe('engine column kernels', () => {
  it('sorting networks sort every 0/1 input up to n = 12 (the 0-1 principle) and random inputs beyond', () => {
    for (let n = 1; n <= 12; n++) {
      const net = sortingNetwork(n);
      for (let mask = 0; mask < 1 << n; mask++) {
        const v = Array.from({ length: n }, (_, i) => (mask >> i) & 1);
        for (const [a, b] of net) if (v[a] > v[b]) [v[a], v[b]] = [v[b], v[a]];
        for (let i = 1; i < n; i++) assert.ok(v[i - 1] <= v[i], `n ${n} mask ${mask}`);
      }
    }
    const s = Rng.root(3).stream();
    for (const n of [13, 33, 50, 100]) {
      const net = sortingNetwork(n);
      const median = pruneTo(net, [n >> 1]);
      assert.ok(median.length < net.length);
      for (let t = 0; t < 50; t++) {
        const v = Array.from({ length: n }, () => s.normal());
        const m = v.slice();
        for (const [a, b] of net) if (v[a] > v[b]) [v[a], v[b]] = [v[b], v[a]];
        for (const [a, b] of median) if (m[a] > m[b]) [m[a], m[b]] = [m[b], m[a]];
        assert.deepEqual(v, v.slice().sort((a, b) => a - b));
        assert.equal(m[n >> 1], v[n >> 1]);
      }
    }
  });

  const shapes: Array<[number, number]> = [[1, 1], [1, 9], [2, 8], [3, 7], [4, 17], [5, 9], [7, 33], [8, 16], [9, 3], [20, 41], [33, 10], [50, 12]];
  for (const [n, d] of shapes) {
    it(`give the sorted-column reference's bits, n ${n} × d ${d}, in or out of engine memory, float32 or float64 out`, () => {
      const plain = awkwardRows(n, d, 100 * n + d);
      const placed = inEngine(plain);
      const kernels = new ColumnKernels();
      const cases: Array<[string, (rows: Float32Array[], out: Float32Array | Float64Array) => void, (s: Float64Array) => number]> = [
        ['median', (r, o) => kernels.median(r, o), refMedian],
        ...[0, 1, (n - 1) >> 1].map((b): [string, (r: Float32Array[], o: Float32Array | Float64Array) => void, (s: Float64Array) => number] => [`trimmed b=${b}`, (r, o) => kernels.trimmedMean(r, o, b), (s) => refTrimmed(s, b)]),
        ...[1, n - ((n - 1) >> 1), n].map((k): [string, (r: Float32Array[], o: Float32Array | Float64Array) => void, (s: Float64Array) => number] => [`around k=${k}`, (r, o) => kernels.meanAroundMedian(r, o, k), (s) => refAround(s, k)]),
      ];
      for (const [what, run, ref] of cases) {
        const expected = reference(plain, d, ref);
        for (const rows of [plain, placed]) {
          const o64 = new Float64Array(d);
          run(rows, o64);
          assert.equal(hex(o64), hex(expected), `${what} float64`);
          const o32 = engine().float32(d);
          run(rows, o32);
          assert.equal(hex(o32), hex(Float32Array.from(expected)), `${what} float32`);
        }
      }
    });
  }

  it('mean around the median: the k values closest to the median, ties to the lower values', () => {
    const k = new ColumnKernels();
    const run = (values: number[], count: number) => k.meanAroundMedian(values.map((v) => Float32Array.of(v)), new Float64Array(1), count)[0];
    assert.equal(run([10, 1, 2, 3, -10], 3), 2);
    assert.equal(run([0, 4, 5, 6, 100], 5), 23);
    assert.equal(run([1, 2], 1), 1, 'median 1.5: 1 and 2 tie, the lower wins');
  });

  it('leaves an empty output alone', () => {
    assert.equal(new ColumnKernels().median([new Float32Array(0)], new Float32Array(0)).length, 0);
  });
});

/** The documented order: blocks of 2048, four lanes k mod 4 per block (tail to lane 0), (s0 + s1) + (s2 + s3). */
function refPairwise(rows: readonly Float32Array[]): Float64Array {
  const n = rows.length;
  const d = n ? rows[0].length : 0;
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let total = 0;
      for (let lo = 0; lo < d; lo += 2048) {
        const hi = Math.min(d, lo + 2048);
        const s = [0, 0, 0, 0];
        const end = lo + ((hi - lo) & ~3);
        for (let k = lo; k < end; k++) s[(k - lo) & 3] += (rows[i][k] - rows[j][k]) ** 2;
        for (let k = end; k < hi; k++) s[0] += (rows[i][k] - rows[j][k]) ** 2;
        total += s[0] + s[1] + (s[2] + s[3]);
      }
      D[i * n + j] = D[j * n + i] = total;
    }
  }
  return D;
}

describe('engine pairwise squared distances', () => {
  for (const [n, d] of [[1, 3], [2, 1], [3, 5], [4, 4], [5, 2049], [6, 4099], [7, 0], [9, 2048]]) {
    it(`give the reference's bits, n ${n} × d ${d}, in or out of engine memory`, () => {
      const plain = awkwardRows(n, d, 7 * n + d).map((r) => r.map((x) => (Math.abs(x) > 1e30 ? x / 1e20 : x)));
      const expected = hex(refPairwise(plain));
      assert.equal(hex(pairwiseSquaredDistances(plain)), expected);
      assert.equal(hex(pairwiseSquaredDistances(inEngine(plain))), expected);
    });
  }
});
