import { z } from 'zod';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { ColumnKernels } from './columns.js';
import { meanOfRows } from './mean.js';
import { atLeast } from './scratch.js';
import { squaredDistance } from './squared-distance.js';

/** Parameters of the geometric median. Defaults follow the standalone geom_median package except maxIter. */
export const geometricMedianParams = z.strictObject({
  /** T, the most Weiszfeld iterations. @default 100 (RFA's code uses 4; the CC repo and ByzFL 3 with nu 0.1, init 'zero') */
  maxIter: z.int().min(1).default(100),
  /** Stop when |F(z_t) − F(z_{t+1})| ≤ tol·F(z_{t+1}), F the objective; 0 runs all maxIter iterations. @default 1e-6 */
  tol: z.number().min(0).default(1e-6),
  /** ν, smoothing: distances below ν count as ν, so a z on an input vector is no division by zero. @default 1e-6 */
  nu: z.number().gt(0).default(1e-6),
  /** Starting point z_0: the mean (RFA, geom_median), zero (CC repo, ByzFL) or the coordinate-wise median. @default 'mean' */
  init: z.enum(['mean', 'zero', 'median']).default('mean'),
});

/** Geometric-median parameters as written by a user. */
export type GeometricMedianOptions = z.input<typeof geometricMedianParams>;

/** The geometric median also reports how many iterations its last call ran. */
export interface GeometricMedian extends Aggregator {
  /** Weiszfeld iterations of the last successful call (0 before the first). */
  readonly lastIterations: number;
}

/** Coordinates per block of the fused update-and-distance pass (the n slices of a block stay in L2). */
const BLOCK = 2048;

/**
 * Geometric median, argmin_z Σᵢ ‖z − xᵢ‖, by smoothed Weiszfeld iterations (unit weights):
 *   βᵢ = 1 / max(ν, ‖z_t − xᵢ‖),   z_{t+1} = Σᵢ βᵢ xᵢ / Σᵢ βᵢ,
 * from z_0 = `init`, until the objective's relative change is ≤ tol or after maxIter steps. Breakdown point 1/2.
 * Each step makes one pass over the inputs: the distances for the next step are accumulated block by block
 * while the new z's block is still in cache. z is kept in float64 and rounded once at the end.
 * @see Pillutla, Kakade, Harchaoui. Robust Aggregation for Federated Learning. IEEE Transactions on Signal Processing, 2022 (arXiv:1912.13445).
 */
export function geometricMedian(options: GeometricMedianOptions = {}, prefix = 'policy'): GeometricMedian {
  const { maxIter, tol, nu, init } = parseParams(geometricMedianParams, options, prefix);
  let z: Float64Array = new Float64Array(0);
  let next: Float64Array = new Float64Array(0);
  let acc: Float64Array = new Float64Array(BLOCK);
  const columns = new ColumnKernels();
  let lastIterations = 0;
  const aggregator = defineAggregator(
    {
      name: 'geometric-median',
      requirements: [],
      combine(rows, out) {
        const n = rows.length;
        const d = out.length;
        z = atLeast(z, d).subarray(0, d);
        next = atLeast(next, d).subarray(0, d);
        if (init === 'mean') acc = meanOfRows(rows, z, acc);
        else if (init === 'median') columns.median(rows, z);
        else z.fill(0);
        const dist2 = new Float64Array(n);
        for (let i = 0; i < n; i++) dist2[i] = squaredDistance(z, rows[i], 0, d);
        let objective = sumOfRoots(dist2);
        const beta = new Float64Array(n);
        let t = 0;
        while (t < maxIter) {
          t++;
          let total = 0;
          for (let i = 0; i < n; i++) total += beta[i] = 1 / Math.max(nu, Math.sqrt(dist2[i]));
          dist2.fill(0);
          for (let lo = 0; lo < d; lo += BLOCK) {
            const len = Math.min(BLOCK, d - lo);
            acc.fill(0, 0, len);
            for (let i = 0; i < n; i++) {
              const row = rows[i];
              const w = beta[i];
              for (let c = 0; c < len; c++) acc[c] += w * row[lo + c];
            }
            for (let c = 0; c < len; c++) next[lo + c] = acc[c] / total;
            for (let i = 0; i < n; i++) dist2[i] += squaredDistance(next, rows[i], lo, lo + len);
          }
          [z, next] = [next, z];
          const current = sumOfRoots(dist2);
          const converged = Math.abs(objective - current) <= tol * current;
          objective = current;
          if (converged) break;
        }
        lastIterations = t;
        for (let j = 0; j < d; j++) out[j] = z[j];
      },
    },
    prefix,
  );
  return {
    name: aggregator.name,
    aggregate: aggregator.aggregate,
    get lastIterations() {
      return lastIterations;
    },
  };
}

function sumOfRoots(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.sqrt(a[i]);
  return s;
}
