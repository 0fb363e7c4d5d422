import { z } from 'zod';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { ColumnKernels } from './columns.js';
import { meanOfRows } from './mean.js';
import { RowSums } from './row-sums.js';

/**
 * Parameters of the geometric median. The defaults are chosen to keep the breakdown point 1/2 with any finite
 * outliers: a robust start (the coordinate-wise median) and a stop judged on how far z moves, never on the
 * objective, which outliers of 1e8·‖honest‖ or more dominate (with a mean start and an objective-based stop, the
 * RFA and geom_median convention, 3 outliers at −1e8·μ among 10 vectors gave an output pointing opposite to μ).
 */
export const geometricMedianParams = z.strictObject({
  /** T, the most Weiszfeld iterations. @default 100 (RFA's code uses 4; the CC repo and ByzFL 3 with nu 0.1, init 'zero') */
  maxIter: z.int().min(1).default(100),
  /** Stop once ‖z_{t+1} − z_t‖ < tol·‖z_{t+1}‖ (strict, so 0 runs all maxIter iterations). @default 1e-6 */
  tol: z.number().min(0).default(1e-6),
  /** ν, smoothing: distances below ν count as ν, so a z on an input vector is no division by zero. @default 1e-6 */
  nu: z.number().gt(0).default(1e-6),
  /** Starting point z_0: the coordinate-wise median (robust), the mean (RFA, geom_median) or zero (CC repo, ByzFL). @default 'median' */
  init: z.enum(['mean', 'zero', 'median']).default('median'),
});

/** Geometric-median parameters as written by a user. */
export type GeometricMedianOptions = z.input<typeof geometricMedianParams>;

/** The geometric median also reports how many iterations its last call ran. */
export interface GeometricMedian extends Aggregator {
  /** Weiszfeld iterations of the last successful call (0 before the first). */
  readonly lastIterations: number;
}

/**
 * Geometric median, argmin_z Σᵢ ‖z − xᵢ‖, by smoothed Weiszfeld iterations (unit weights):
 *   βᵢ = 1 / max(ν, ‖z_t − xᵢ‖),   z_{t+1} = Σᵢ βᵢ xᵢ / Σᵢ βᵢ,
 * from z_0 = `init`, until z moves less than tol·‖z‖ in one step or after maxIter steps. Breakdown point 1/2:
 * with k < n/2 arbitrary finite vectors and the other h within r of a point c, every z with F(z) ≤ F(c) lies
 * within 2hr/(h − k) of c (tested with outliers up to 1e30).
 * Each step is one pass of the engine kernel weiszfeldStep (assembly/weighted.ts) over the inputs: the
 * distances for the next step are accumulated block by block while the new z's block is still in cache. z is
 * kept in float64 and rounded once at the end.
 * @see Pillutla, Kakade, Harchaoui. Robust Aggregation for Federated Learning. IEEE Transactions on Signal Processing, 2022 (arXiv:1912.13445).
 */
export function geometricMedian(options: GeometricMedianOptions = {}, prefix = 'policy'): GeometricMedian {
  const { maxIter, tol, nu, init } = parseParams(geometricMedianParams, options, prefix);
  const sums = new RowSums();
  const columns = new ColumnKernels();
  // Engine float64 vectors, reused across calls: the point, the next point, squared distances, weights.
  let z: Float64Array | undefined;
  let next: Float64Array | undefined;
  let dist2: Float64Array | undefined;
  let beta: Float64Array | undefined;
  let lastIterations = 0;
  const aggregator = defineAggregator(
    {
      name: 'geometric-median',
      requirements: [],
      combine(rows, out) {
        const n = rows.length;
        const d = out.length;
        z = sums.vector(z, d);
        next = sums.vector(next, d);
        dist2 = sums.vector(dist2, n);
        beta = sums.vector(beta, n);
        if (init === 'mean') meanOfRows(rows, z);
        else if (init === 'median') columns.median(rows, z);
        else z.fill(0);
        sums.distancesTo(rows, z, dist2);
        let t = 0;
        while (t < maxIter) {
          t++;
          let total = 0;
          for (let i = 0; i < n; i++) total += beta[i] = 1 / Math.max(nu, Math.sqrt(dist2[i]));
          sums.weiszfeldStep(rows, beta, total, next, dist2); // next = Σ βᵢxᵢ / total, dist2 = distances to it
          // Converged when z barely moves. Not the objective: outliers dominate F, so a relative change of F
          // can be below any tolerance while z is still far from the honest vectors.
          const converged = squaredMove(next, z) < tol * tol * squaredLength(next);
          [z, next] = [next, z];
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

/** ‖a − b‖² (the step's move). */
function squaredMove(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return s;
}

/** ‖a‖². */
function squaredLength(a: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * a[j];
  return s;
}
