import { z } from 'zod';
import { byzantineCount } from './byzantine-count.js';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { ColumnKernels } from './columns.js';
import { argmin, krumScores } from './krum-scores.js';
import { pairwiseSquaredDistances } from './pairwise.js';
import { requirement } from './precondition.js';
import { atLeast } from './scratch.js';

/** Parameters of Bulyan. */
export const bulyanParams = z.strictObject({
  /** f, Byzantine vectors tolerated; requires n ≥ 4f + 3. Required. */
  f: byzantineCount,
});

/** Bulyan parameters as written by a user. */
export type BulyanOptions = z.input<typeof bulyanParams>;

/**
 * Bulyan over Krum. Requires n ≥ 4f + 3.
 *  1. Select θ = n − 2f vectors by recursive Krum: pick argmin s(i) over the pool (lowest index on ties),
 *     remove it, recompute the scores on the smaller pool, repeat. On a pool of p vectors each score counts
 *     k = clamp(p − f − 2, 1, p − 1) neighbours: the pool shrinks to 2f + 1, where p − f − 2 ≤ 0, and the
 *     clamp to ≥ 1 is the policy of test/fixtures/reference_vectors.py (docs/rules.md, 'Bulyan's neighbour count'; with f = 0 the last pick has no
 *     other vector and scores 0).
 *  2. Per coordinate, average the β = θ − 2f selected values closest to their median (ties at equal
 *     distance keep the lower value, see select.ts).
 * Distances are computed once; each pick only re-ranks them, O(n²·d + θ·n²·log n).
 * @see El Mhamdi, Guerraoui, Rouault. The Hidden Vulnerability of Distributed Learning in Byzantium. ICML 2018.
 */
export function bulyan(options: BulyanOptions, prefix = 'policy'): Aggregator {
  const { f } = parseParams(bulyanParams, options, prefix);
  let D: Float64Array = new Float64Array(0);
  let scores: Float64Array = new Float64Array(0);
  let tmp: Float64Array = new Float64Array(0);
  const columns = new ColumnKernels();
  return defineAggregator(
    {
      name: 'bulyan',
      budget: f,
      requirements: [requirement('f', f, 'n ≥ 4f + 3', (n, budget) => n >= 4 * budget + 3)],
      combine(rows, out, selected, { budget }) {
        const n = rows.length;
        const f = budget;
        const theta = n - 2 * f;
        const beta = theta - 2 * f;
        D = pairwiseSquaredDistances(rows, D);
        scores = atLeast(scores, n);
        tmp = atLeast(tmp, n);
        const pool = Array.from({ length: n }, (_, i) => i); // ascending, so argmin's tie-break is the lowest index
        const chosen: number[] = [];
        while (chosen.length < theta) {
          const p = pool.length;
          const k = Math.min(Math.max(1, p - f - 2), p - 1);
          krumScores(D, n, pool, k, scores, tmp);
          const [pick] = pool.splice(argmin(scores, p), 1);
          chosen.push(pick);
        }
        chosen.sort((a, b) => a - b);
        const picked = chosen.map((i) => rows[i]);
        columns.meanAroundMedian(picked, out, beta);
        selected.push(...chosen);
      },
    },
    prefix,
  );
}
