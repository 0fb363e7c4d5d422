import { z } from 'zod';
import { byzantineCount } from './byzantine-count.js';
import { largestEigenpair } from '../../core/symmetric-eigen.js';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { centeredGram } from './centered-gram.js';
import { meanOfRows } from './mean.js';
import { pairwiseSquaredDistances } from './pairwise.js';
import { requirement } from './precondition.js';
import { enumerable, forEachSubset } from './subsets.js';

export const smeaParams = z.strictObject({
  /** f, Byzantine vectors tolerated; requires 2f < n. Required. */
  f: byzantineCount,
  /** Largest C(n, f) enumerated (each subset costs an eigen-decomposition of (n − f)²). @default 20000 */
  maxSubsets: z.int().positive().default(20_000),
});

export type SmeaOptions = z.input<typeof smeaParams>;

/**
 * Smallest maximum eigenvalue averaging: among all subsets S of n − f vectors, the one whose empirical
 * covariance (1/|S|) Σ_{i∈S} (xᵢ − μ_S)(xᵢ − μ_S)ᵀ has the smallest top eigenvalue (exact, by Jacobi on the
 * centred Gram matrix of S; subsets in lexicographic order, the first minimum kept), averaged.
 * @see Allouah, Guerraoui, Gupta, Pinot, Stephan. On the Privacy-Robustness-Utility Trilemma in Distributed
 * Learning. ICML 2023; byzfl/aggregators/aggregators.py `SMEA`, which estimates each eigenvalue with one
 * power-method step from an unseeded random vector.
 */
export function smea(options: SmeaOptions, prefix = 'policy'): Aggregator {
  const { f, maxSubsets } = parseParams(smeaParams, options, prefix);
  const e = enumerable(maxSubsets);
  let D: Float64Array = new Float64Array(0);
  return defineAggregator(
    {
      name: 'smea',
      budget: f,
      requirements: [requirement('f', f, e.relation, e.holds)],
      combine(rows, out, selected, { budget }) {
        const n = rows.length;
        const k = n - budget;
        D = pairwiseSquaredDistances(rows, D);
        const w = new Float64Array(k).fill(1 / k);
        const B = new Float64Array(k * k);
        let best = Infinity;
        let bestSet = new Int32Array(0);
        forEachSubset(n, k, (s) => {
          const value = largestEigenpair(centeredGram(D, n, s, w, B), k).value;
          if (value < best || bestSet.length === 0) {
            best = value;
            bestSet = s.slice();
          }
        });
        const chosen = Array.from(bestSet);
        meanOfRows(chosen.map((i) => rows[i]), out);
        selected.push(...chosen);
      },
    },
    prefix,
  );
}
