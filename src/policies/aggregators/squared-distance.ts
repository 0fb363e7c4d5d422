/** Σ_{k∈[lo,hi)} (z_k − x_k)², four interleaved float64 partial sums. */
export function squaredDistance(z: Float64Array, x: Float32Array, lo: number, hi: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let k = lo;
  for (const end = hi - 3; k < end; k += 4) {
    const e0 = z[k] - x[k];
    const e1 = z[k + 1] - x[k + 1];
    const e2 = z[k + 2] - x[k + 2];
    const e3 = z[k + 3] - x[k + 3];
    s0 += e0 * e0;
    s1 += e1 * e1;
    s2 += e2 * e2;
    s3 += e3 * e3;
  }
  for (; k < hi; k++) {
    const e = z[k] - x[k];
    s0 += e * e;
  }
  return s0 + s1 + (s2 + s3);
}
