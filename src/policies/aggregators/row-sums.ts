/**
 * The float64 row sums of the mean, the geometric median (Weiszfeld steps) and centered clipping, run by the
 * engine kernels in assembly/weighted.ts (SIMD; that file states the summation orders, which decide the bits:
 * per coordinate, rows are added in row order, and distances use four float64 lanes). Rows outside engine
 * memory are copied in first (see RowTable); every float64 vector a kernel reads or writes lives in engine
 * memory (`vector`).
 */
import { engine, type Engine } from '../../engine/engine.js';
import { RowTable } from '../../engine/rows.js';

/** Coordinates per block of the kernels (the float64 sums of a block stay in L1). */
const BLOCK = 2048;

/** One per aggregator instance (rules run synchronously): reused row table and float64 scratch. */
export class RowSums {
  private readonly e: Engine = engine();
  private readonly table = new RowTable();
  private readonly acc: number = this.e.alloc(BLOCK * 8);
  private out32: Float32Array | undefined;
  private out64: Float64Array | undefined;

  /** An engine Float64Array of `length` elements: `have` when it has that length, else a new one (`have` is freed). */
  vector(have: Float64Array | undefined, length: number): Float64Array {
    if (have !== undefined && have.length === length) return have;
    if (have !== undefined) this.e.release(have);
    return this.e.float64(length);
  }

  /** out = (1/n) Σᵢ rows[i] (float64 sums in row order, rounded once to out's type). */
  mean<T extends Float32Array | Float64Array>(rows: readonly Float32Array[], out: T): T {
    const n = rows.length;
    const d = out.length;
    if (n === 0 || d === 0) return out;
    const f64 = out instanceof Float64Array;
    let target: Float32Array | Float64Array = out;
    if (this.e.ptrOf(out) < 0) {
      if (f64) target = this.out64 = this.fit(this.out64, d, 8) as Float64Array;
      else target = this.out32 = this.fit(this.out32, d, 4) as Float32Array;
    }
    this.e.k.meanRows(this.table.prepare(rows), n, d, this.e.ptrOf(target), f64 ? 1 : 0, this.acc);
    if (target !== out) out.set(target.subarray(0, d));
    return out;
  }

  /** dist2[i] = ‖z − rows[i]‖² over the whole length (z and dist2 from `vector`). */
  distancesTo(rows: readonly Float32Array[], z: Float64Array, dist2: Float64Array): void {
    this.e.k.distancesTo(this.table.prepare(rows), rows.length, z.length, this.ptr(z), this.ptr(dist2));
  }

  /** next = Σᵢ βᵢ·rows[i] / total and dist2[i] = ‖next − rows[i]‖² (all vectors from `vector`). */
  weiszfeldStep(rows: readonly Float32Array[], beta: Float64Array, total: number, next: Float64Array, dist2: Float64Array): void {
    this.e.k.weiszfeldStep(this.table.prepare(rows), rows.length, next.length, this.ptr(beta), total, this.ptr(next), this.ptr(dist2), this.acc);
  }

  /** v += (1/n) Σᵢ sᵢ·(rows[i] − v) in place, then, if `more`, dist2[i] = ‖v − rows[i]‖² (vectors from `vector`). */
  clipStep(rows: readonly Float32Array[], scale: Float64Array, v: Float64Array, dist2: Float64Array, more: boolean): void {
    this.e.k.clipStep(this.table.prepare(rows), rows.length, v.length, this.ptr(scale), this.ptr(v), this.ptr(dist2), more ? 1 : 0, this.acc);
  }

  private ptr(a: Float64Array): number {
    const p = this.e.ptrOf(a);
    if (p < 0) throw new RangeError('RowSums: a float64 vector outside engine memory (use vector())');
    return p;
  }

  private fit(have: Float32Array | Float64Array | undefined, d: number, bytes: 4 | 8): Float32Array | Float64Array {
    if (have !== undefined && have.length >= d) return have;
    if (have !== undefined) this.e.release(have);
    return bytes === 4 ? this.e.float32(d) : this.e.float64(d);
  }
}
