/**
 * All pairwise squared Euclidean distances, once per call, for Krum, Multi-Krum and Bulyan.
 *
 * Computed as Σₖ (aₖ − bₖ)², not ‖a‖² + ‖b‖² − 2⟨a, b⟩: the Gram form cancels catastrophically for close
 * vectors (identical Byzantine vectors, IPM, are at distance 0 and must score exactly 0) and can even go
 * negative. Each unordered pair is computed once and mirrored.
 *
 * Memory: 20 vectors × 10⁶ floats are 80 MB, far beyond cache, so a pair-at-a-time loop streams both
 * vectors from RAM for each of the n(n−1)/2 pairs. Instead coordinates are processed in blocks whose n slices
 * fit in L2 (50 × 2048 × 4 B = 400 KiB) and every pair accumulates its partial sum block by block: ~3× faster
 * than the pair-at-a-time loop at 20 × 10⁶. Within a block two vectors are compared with four others at
 * once (a 2×4 register block, ~15% faster than 1×4). Measured with throwaway variants of this loop; the
 * summation order is fixed, so results are bit-reproducible.
 */

const BLOCK = 2048;

/** Σ_{k∈[lo,hi)} (a_k − b_k)² with two interleaved float64 partial sums. */
function sqDist(a: Float32Array, b: Float32Array, lo: number, hi: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = lo;
  for (const end = hi - 1; k < end; k += 2) {
    const e0 = a[k] - b[k];
    const e1 = a[k + 1] - b[k + 1];
    s0 += e0 * e0;
    s1 += e1 * e1;
  }
  if (k < hi) {
    const e = a[k] - b[k];
    s0 += e * e;
  }
  return s0 + s1;
}

/**
 * A 2×4 register block: adds Σ_{k∈[lo,hi)} (a_k − x_k)² for a ∈ {a0, a1} and x ∈ {b, c, e, g} to
 * D[at0 .. at0+3] and D[at1 .. at1+3]. Six loads per k serve eight pairs (a pair at a time needs two), and
 * the eight accumulators are independent chains.
 */
function sqDist2x4(a0: Float32Array, a1: Float32Array, b: Float32Array, c: Float32Array, e: Float32Array, g: Float32Array, lo: number, hi: number, D: Float64Array, at0: number, at1: number): void {
  let p0 = 0, p1 = 0, p2 = 0, p3 = 0, r0 = 0, r1 = 0, r2 = 0, r3 = 0;
  for (let k = lo; k < hi; k++) {
    const x = a0[k];
    const y = a1[k];
    const u = b[k];
    const v = c[k];
    const w = e[k];
    const z = g[k];
    let q = x - u;
    p0 += q * q;
    q = x - v;
    p1 += q * q;
    q = x - w;
    p2 += q * q;
    q = x - z;
    p3 += q * q;
    q = y - u;
    r0 += q * q;
    q = y - v;
    r1 += q * q;
    q = y - w;
    r2 += q * q;
    q = y - z;
    r3 += q * q;
  }
  D[at0] += p0;
  D[at0 + 1] += p1;
  D[at0 + 2] += p2;
  D[at0 + 3] += p3;
  D[at1] += r0;
  D[at1 + 1] += r1;
  D[at1 + 2] += r2;
  D[at1 + 3] += r3;
}

/**
 * Fills the n×n row-major matrix D (D[i·n + j] = ‖x_i − x_j‖², zero diagonal, symmetric) for n = rows.length
 * finite vectors of one length, reusing `D` when it is large enough, and returns it. Accumulates in float64:
 * squares of float32 differences cannot overflow, so every entry is finite.
 */
export function pairwiseSquaredDistances(rows: readonly Float32Array[], D?: Float64Array): Float64Array {
  const n = rows.length;
  if (D === undefined || D.length < n * n) D = new Float64Array(n * n);
  else D.fill(0, 0, n * n);
  const d = n === 0 ? 0 : rows[0].length;
  for (let lo = 0; lo < d; lo += BLOCK) {
    const hi = Math.min(d, lo + BLOCK);
    // Rows two at a time against later rows four at a time; the leftovers pair by pair.
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const a0 = rows[i];
      const a1 = rows[i + 1];
      D[i * n + i + 1] += sqDist(a0, a1, lo, hi);
      let j = i + 2;
      for (; j + 3 < n; j += 4) sqDist2x4(a0, a1, rows[j], rows[j + 1], rows[j + 2], rows[j + 3], lo, hi, D, i * n + j, (i + 1) * n + j);
      for (; j < n; j++) {
        D[i * n + j] += sqDist(a0, rows[j], lo, hi);
        D[(i + 1) * n + j] += sqDist(a1, rows[j], lo, hi);
      }
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) D[j * n + i] = D[i * n + j];
  return D;
}
