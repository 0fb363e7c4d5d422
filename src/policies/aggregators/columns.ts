/**
 * The coordinate-wise rules' inner loop (median, trimmed mean, Meamed, Bulyan's second step, the geometric
 * median's median start), run by the engine kernel in assembly/columns.ts: per coordinate, the n values sorted
 * by a sorting network (16 coordinates at a time, SIMD), then reduced in float64 in ascending order. That file
 * states the summation order; a JS reference (sort each column, then the same sums) gives the same bits, see
 * test/policies/aggregators/columns.test.ts. Inputs outside engine memory are copied in first (see RowTable).
 */
import { engine, type Engine } from '../../engine/engine.js';
import { RowTable } from '../../engine/rows.js';
import { pruneTo, sortingNetwork } from '../../engine/sorting-network.js';

/** Bytes per position of the kernel's scratch block (16 float32 lanes). */
const STRIDE = 64;

const MEDIAN = 0;
const TRIMMED_MEAN = 1;
const MEAN_AROUND_MEDIAN = 2;

interface Network {
  readonly ptr: number;
  readonly count: number;
}

/** One per aggregator instance: reused row table, scratch and sorting networks (rules run synchronously). */
export class ColumnKernels {
  private readonly e: Engine = engine();
  private readonly table = new RowTable();
  private readonly networks = new Map<string, Network>();
  private scratch = 0;
  private scratchBytes = 0;
  private out32: Float32Array | undefined;
  private out64: Float64Array | undefined;

  /** out_j = median of column j (the mean of the two middle values for even n). */
  median<T extends Float32Array | Float64Array>(rows: readonly Float32Array[], out: T): T {
    const n = rows.length;
    const h = n >> 1;
    return this.run(rows, out, MEDIAN, 0, n % 2 === 1 ? [h] : [h - 1, h]);
  }

  /** out_j = mean of the sorted column j without its b smallest and b largest values; 2b < n. */
  trimmedMean<T extends Float32Array | Float64Array>(rows: readonly Float32Array[], out: T, b: number): T {
    const n = rows.length;
    return this.run(rows, out, TRIMMED_MEAN, b, range(b, n - b));
  }

  /** out_j = mean of the k values of column j closest to its median (ties keep the lower values); 1 ≤ k ≤ n. */
  meanAroundMedian<T extends Float32Array | Float64Array>(rows: readonly Float32Array[], out: T, k: number): T {
    return this.run(rows, out, MEAN_AROUND_MEDIAN, k, range(0, rows.length));
  }

  private run<T extends Float32Array | Float64Array>(rows: readonly Float32Array[], out: T, rule: number, param: number, needed: number[]): T {
    const n = rows.length;
    const d = out.length;
    if (n === 0 || d === 0) return out;
    const net = this.network(n, rule, param, needed);
    const bytes = n * STRIDE + 128; // + the 16 float64 results
    if (bytes > this.scratchBytes) {
      if (this.scratchBytes > 0) this.e.free(this.scratch, this.scratchBytes);
      this.scratch = this.e.alloc(bytes);
      this.scratchBytes = bytes;
    }
    const f64 = out instanceof Float64Array;
    let target: Float32Array | Float64Array = out;
    if (this.e.ptrOf(out) < 0) target = f64 ? (this.out64 = fit(this.e, this.out64, d, 8) as Float64Array) : (this.out32 = fit(this.e, this.out32, d, 4) as Float32Array);
    this.e.k.columns(this.table.prepare(rows), n, d, net.ptr, net.count, rule, param, this.scratch, this.e.ptrOf(target), f64 ? 1 : 0);
    if (target !== out) out.set(target.subarray(0, d));
    return out;
  }

  private network(n: number, rule: number, param: number, needed: number[]): Network {
    const key = `${n}:${rule}:${param}`;
    let net = this.networks.get(key);
    if (net === undefined) {
      const pairs = pruneTo(sortingNetwork(n), needed);
      const ptr = this.e.alloc(pairs.length * 8);
      const view = new Uint32Array(this.e.memory.buffer, ptr, pairs.length * 2);
      pairs.forEach(([a, b], c) => {
        view[2 * c] = a * STRIDE;
        view[2 * c + 1] = b * STRIDE;
      });
      net = { ptr, count: pairs.length };
      this.networks.set(key, net);
    }
    return net;
  }
}

function range(lo: number, hi: number): number[] {
  return Array.from({ length: Math.max(0, hi - lo) }, (_, i) => lo + i);
}

/** An engine array of at least `d` elements of `bytes` each: `have` when long enough, else a new one. */
function fit(e: Engine, have: Float32Array | Float64Array | undefined, d: number, bytes: 4 | 8): Float32Array | Float64Array {
  if (have !== undefined && have.length >= d) return have;
  if (have !== undefined) e.release(have);
  return bytes === 4 ? e.float32(d) : e.float64(d);
}
