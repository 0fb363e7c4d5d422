import { z } from 'zod';
import { byzantineCount } from '../aggregators/byzantine-count.js';
import { meanOfRows } from '../aggregators/mean.js';
import { pairwiseSquaredDistances } from '../aggregators/pairwise.js';
import { requirement } from '../aggregators/precondition.js';
import { outputs, type PreAggregator } from './preaggregator.js';

export const nnmParams = z.strictObject({
  /** f, Byzantine vectors expected; each vector is replaced by the mean of its n − f nearest. Requires f < n. Required. */
  f: byzantineCount,
});

export type NnmOptions = z.input<typeof nnmParams>;

/**
 * Nearest-neighbour mixing: yᵢ = (1/(n − f)) Σ_{j ∈ Nᵢ} xⱼ, Nᵢ the n − f vectors closest to xᵢ, xᵢ itself
 * included (distance 0); equal distances go to the lower index. n outputs.
 * @see Allouah, Farhadkhani, Guerraoui, Gupta, Pinot, Stephan. Fixing by Mixing: A Recipe for Optimal
 * Byzantine ML under Heterogeneity. AISTATS 2023, Algorithm 1; byzfl/aggregators/preaggregators.py `NNM`.
 */
export function nnm({ f }: z.output<typeof nnmParams>): PreAggregator {
  const pool: Float32Array[] = [];
  let D: Float64Array = new Float64Array(0);
  return {
    name: 'nnm',
    oneToOne: false,
    keepsPositions: true,
    budget: f,
    requirements: () => [requirement('f', f, 'f < n', (n, budget) => budget < n)],
    apply(rows, _random, budget) {
      const n = rows.length;
      const k = n - budget;
      D = pairwiseSquaredDistances(rows, D);
      const out = outputs(pool, n, rows[0].length);
      const order = rows.map((_, j) => j);
      for (let i = 0; i < n; i++) {
        const row = i * n;
        order.sort((a, b) => D[row + a] - D[row + b] || a - b);
        meanOfRows(order.slice(0, k).map((j) => rows[j]), out[i]);
      }
      return out.slice(0, n);
    },
  };
}
