/**
 * All pairwise squared Euclidean distances, once per call, for Krum, Multi-Krum and Bulyan: the engine kernel
 * in assembly/pairwise.ts (SIMD, float64 sums; that file states the summation order, which decides the bits).
 *
 * Computed as Σₖ (aₖ − bₖ)², not ‖a‖² + ‖b‖² − 2⟨a, b⟩: the Gram form cancels catastrophically for close
 * vectors (identical Byzantine vectors, IPM, are at distance 0 and must score exactly 0) and can even go
 * negative. Coordinates are processed in blocks whose n slices stay in L2, and each block compares two rows
 * with two others at once, so a pass streams every row from memory once per block instead of once per pair.
 */
import { engine } from '../../engine/engine.js';
import { RowTable } from '../../engine/rows.js';

/** Row table and result matrix of this thread, reused across calls (aggregators run synchronously). */
let table: RowTable | undefined;
let result: Float64Array | undefined;

/**
 * Fills the n×n row-major matrix D (D[i·n + j] = ‖x_i − x_j‖², zero diagonal, symmetric) for n = rows.length
 * finite vectors of one length, reusing `D` when it is large enough, and returns it. Accumulates in float64:
 * squares of float32 differences cannot overflow, so every entry is finite.
 */
export function pairwiseSquaredDistances(rows: readonly Float32Array[], D?: Float64Array): Float64Array {
  const n = rows.length;
  if (D === undefined || D.length < n * n) D = new Float64Array(n * n);
  if (n === 0) return D;
  const e = engine();
  table ??= new RowTable();
  if (result === undefined || result.length < n * n) {
    if (result !== undefined) e.release(result);
    result = e.float64(Math.max(n * n, 64));
  }
  e.k.pairwiseSquaredDistances(table.prepare(rows), n, rows[0].length, e.ptrOf(result));
  D.set(result.subarray(0, n * n));
  return D;
}
