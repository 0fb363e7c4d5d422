/**
 * The vector kernels the simulation's hot paths call, over Float32Arrays. When every array lives in this thread's
 * engine memory (model versions, gradient slots and server scratch do), the WebAssembly SIMD kernel runs on it in
 * place; otherwise the plain-JS reference of src/core/vectors.ts runs. Both give the same bits (same float64
 * arithmetic in the same order; test/engine/vectors.test.ts proves it on awkward lengths), so where an array lives
 * changes speed, never results.
 */
import * as js from '../core/vectors.js';
import { engine } from './engine.js';

/** Inner product Σᵢ aᵢbᵢ (float64, four lanes). */
export function dot(a: Float32Array, b: Float32Array): number {
  js.requireSameLength(a, b, 'dot');
  const e = engine();
  const pa = e.ptrOf(a), pb = e.ptrOf(b);
  return pa >= 0 && pb >= 0 ? e.k.dot(pa, pb, a.length) : js.dot(a, b);
}

/** Squared L2 norm Σᵢ aᵢ². */
export function squaredNorm(a: Float32Array): number {
  const e = engine();
  const pa = e.ptrOf(a);
  return pa >= 0 ? e.k.squaredNorm(pa, a.length) : js.squaredNorm(a);
}

/** Euclidean distance ‖a − b‖. */
export function distance(a: Float32Array, b: Float32Array): number {
  js.requireSameLength(a, b, 'distance');
  const e = engine();
  const pa = e.ptrOf(a), pb = e.ptrOf(b);
  return pa >= 0 && pb >= 0 ? Math.sqrt(e.k.squaredDistance(pa, pb, a.length)) : js.distance(a, b);
}

/**
 * ‖g‖² and ⟨g, v⟩ in one pass, written to out[0] and out[1] (a caller-owned Float64Array of length ≥ 2, so nothing
 * is allocated per call), with the bits of squaredNorm(g) and dot(g, v). ‖g‖² is finite iff every element of g is
 * (float32 squares summed in float64 cannot overflow), so it doubles as the finiteness screen.
 */
export function squaredNormAndDot(g: Float32Array, v: Float32Array, out: Float64Array): void {
  js.requireSameLength(g, v, 'squaredNormAndDot');
  const e = engine();
  const pg = e.ptrOf(g), pv = e.ptrOf(v);
  if (pg < 0 || pv < 0) {
    out[0] = js.squaredNorm(g);
    out[1] = js.dot(g, v);
    return;
  }
  e.k.squaredNormAndDot(pg, pv, g.length, e.resultsPtr);
  const r = e.resultsF64();
  out[0] = r[0];
  out[1] = r[1];
}

/** out ← α·x (`out` may be `x`). */
export function scaleInto(out: Float32Array, alpha: number, x: Float32Array): Float32Array {
  js.requireSameLength(out, x, 'scaleInto');
  const e = engine();
  const po = e.ptrOf(out), px = e.ptrOf(x);
  if (po >= 0 && px >= 0) e.k.scale(po, alpha, px, x.length);
  else js.scaleInto(out, alpha, x);
  return out;
}

/** out ← y + α·x (`out` may be `x` or `y`). */
export function axpyInto(out: Float32Array, y: Float32Array, alpha: number, x: Float32Array): Float32Array {
  js.requireSameLength(out, y, 'axpyInto');
  js.requireSameLength(y, x, 'axpyInto');
  const e = engine();
  const po = e.ptrOf(out), py = e.ptrOf(y), px = e.ptrOf(x);
  if (po >= 0 && py >= 0 && px >= 0) e.k.axpy(po, py, alpha, px, x.length);
  else js.axpyInto(out, y, alpha, x);
  return out;
}

/**
 * One SGD step with weight decay, out ← x − lr·(d + wd·x), never writing x or d (`out` may be `x`). Returns true iff
 * every element of `out` is finite (checked on the way, no second pass).
 */
export function sgdStep(out: Float32Array, x: Float32Array, lr: number, d: Float32Array, weightDecay: number): boolean {
  const n = x.length;
  if (d.length !== n || out.length !== n) throw new RangeError(`sgdStep: lengths ${out.length}, ${n}, ${d.length} differ`);
  const e = engine();
  const po = e.ptrOf(out), px = e.ptrOf(x), pd = e.ptrOf(d);
  if (po >= 0 && px >= 0 && pd >= 0) return e.k.sgdStep(po, px, lr, pd, weightDecay, n) === 1;
  js.sgdStep(out, x, lr, d, weightDecay);
  return js.allFinite(out);
}

/** True iff no element is NaN or ±Infinity. */
export function allFinite(a: Float32Array): boolean {
  const e = engine();
  const pa = e.ptrOf(a);
  return pa >= 0 ? e.k.allFinite(pa, a.length) === 1 : js.allFinite(a);
}

/** Norm ‖a‖. */
export function norm(a: Float32Array): number {
  return Math.sqrt(squaredNorm(a));
}

export { copyInto, requireSameLength } from '../core/vectors.js';
