/**
 * Float32Array kernels. Bare loops in a fixed left-to-right order so a reduction gives the same bits on
 * every run and thread (DESIGN.md, determinism contract 4). Reductions accumulate in float64 (plain JS
 * numbers): a float32 accumulator loses ~3 digits over 10⁶ terms, and squares of float32 values cannot
 * overflow a double. Nothing allocates and no input is mutated; outputs go to a caller-provided `out`.
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
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Squared L2 norm Σᵢ aᵢ², accumulated in float64. */
export function squaredNorm(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
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

/** True iff no element is NaN, +Infinity or −Infinity. */
export function allFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}
