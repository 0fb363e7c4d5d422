/**
 * Float32Array kernels. Bare loops in a fixed order so a reduction gives the same bits on every run and
 * thread (docs/design.md, determinism contract 4). Reductions accumulate in float64 (plain JS numbers): a float32
 * accumulator loses ~3 digits over 10⁶ terms, and squares of float32 values cannot overflow a double.
 * They use four interleaved partial sums (lanes i mod 4, combined as (s0 + s1) + (s2 + s3)): one running sum
 * is bound by the latency of each add, four are ~3× faster here (`npm run bench`), and the order stays fixed.
 * Nothing allocates and no input is mutated; outputs go to a caller-provided `out`.
 */

/**
 * Throws a RangeError unless `a` and `b` have the same length. One O(1) check per call keeps a length
 * mismatch (a programming error) from silently reading `undefined` as NaN.
 */
export function requireSameLength(a: ArrayLike<number>, b: ArrayLike<number>, what = 'vectors'): void {
  if (a.length !== b.length) throw new RangeError(`${what}: length mismatch (${a.length} vs ${b.length})`);
}

/** Inner product Σᵢ aᵢbᵢ, accumulated in float64. */
export function dot(a: Float32Array, b: Float32Array): number {
  requireSameLength(a, b, 'dot');
  const n = a.length;
  const tail = n - (n % 4);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let i = 0; i < tail; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (let i = tail; i < n; i++) s0 += a[i] * b[i];
  return s0 + s1 + (s2 + s3);
}

/** Squared L2 norm Σᵢ aᵢ², accumulated in float64. */
export function squaredNorm(a: Float32Array): number {
  const n = a.length;
  const tail = n - (n % 4);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let i = 0; i < tail; i += 4) {
    s0 += a[i] * a[i];
    s1 += a[i + 1] * a[i + 1];
    s2 += a[i + 2] * a[i + 2];
    s3 += a[i + 3] * a[i + 3];
  }
  for (let i = tail; i < n; i++) s0 += a[i] * a[i];
  return s0 + s1 + (s2 + s3);
}

/** Euclidean distance ‖a − b‖, accumulated in float64 over four lanes like the reductions above. */
export function distance(a: Float32Array, b: Float32Array): number {
  requireSameLength(a, b, 'distance');
  const n = a.length;
  const tail = n - (n % 4);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let i = 0; i < tail; i += 4) {
    const d0 = a[i] - b[i];
    const d1 = a[i + 1] - b[i + 1];
    const d2 = a[i + 2] - b[i + 2];
    const d3 = a[i + 3] - b[i + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (let i = tail; i < n; i++) {
    const d = a[i] - b[i];
    s0 += d * d;
  }
  return Math.sqrt(s0 + s1 + (s2 + s3));
}

/** L2 norm ‖a‖ = √(Σᵢ aᵢ²). */
export function norm(a: Float32Array): number {
  return Math.sqrt(squaredNorm(a));
}

/**
 * out ← α·x. Each product is formed in float64 and rounded once to float32. `out` may be `x` itself
 * (scaling in place is safe because element i is read before it is written).
 */
export function scaleInto(out: Float32Array, alpha: number, x: Float32Array): Float32Array {
  requireSameLength(out, x, 'scaleInto');
  for (let i = 0; i < x.length; i++) out[i] = alpha * x[i];
  return out;
}

/** out ← y + α·x. `out` may be `y` or `x` (elementwise, read before write). */
export function axpyInto(out: Float32Array, y: Float32Array, alpha: number, x: Float32Array): Float32Array {
  requireSameLength(out, y, 'axpyInto');
  requireSameLength(y, x, 'axpyInto');
  for (let i = 0; i < x.length; i++) out[i] = y[i] + alpha * x[i];
  return out;
}

/** out ← x. Uses `TypedArray.set`, which copies correctly even between overlapping views of one buffer. */
export function copyInto(out: Float32Array, x: Float32Array): Float32Array {
  requireSameLength(out, x, 'copyInto');
  out.set(x);
  return out;
}

/**
 * True iff no element is NaN, +Infinity or −Infinity. Branch-free: x·0 is 0 for finite x and NaN otherwise,
 * so the sum is NaN iff some element is not finite (the common, all-finite case reads every element anyway).
 */
export function allFinite(a: Float32Array): boolean {
  const n = a.length;
  const tail = n - (n % 4);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let i = 0; i < tail; i += 4) {
    s0 += a[i] * 0;
    s1 += a[i + 1] * 0;
    s2 += a[i + 2] * 0;
    s3 += a[i + 3] * 0;
  }
  for (let i = tail; i < n; i++) s0 += a[i] * 0;
  return s0 + s1 + s2 + s3 === 0;
}

/**
 * One SGD step with weight decay: out ← x − lr·(d + wd·x), in float64, rounded once to float32. Reads `x` and `d`,
 * never writes them (old model versions stay valid for workers still computing on them); `out` must be another array.
 */
export function sgdStep(out: Float32Array, x: Float32Array, lr: number, d: Float32Array, weightDecay: number): void {
  const n = x.length;
  if (d.length !== n || out.length !== n) throw new RangeError(`sgdStep: lengths ${out.length}, ${n}, ${d.length} differ`);
  if (weightDecay === 0) {
    for (let i = 0; i < n; i++) out[i] = x[i] - lr * d[i];
  } else {
    for (let i = 0; i < n; i++) out[i] = x[i] - lr * (d[i] + weightDecay * x[i]);
  }
}
