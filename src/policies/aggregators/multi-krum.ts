import { z } from 'zod';
import { byzantineCount } from './byzantine-count.js';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { krumRequirements } from './krum.js';
import { krumScores } from './krum-scores.js';
import { meanOfRows } from './mean.js';
import { pairwiseSquaredDistances } from './pairwise.js';
import { requirement } from './precondition.js';
import { atLeast } from './scratch.js';

/** Parameters of Multi-Krum. */
export const multiKrumParams = z.strictObject({
  /** f, Byzantine vectors tolerated; requires n > 2f + 2. Required. */
  f: byzantineCount,
  /** m, vectors averaged; 1 ≤ m ≤ n (m = 1 is Krum). @default n − f (Blanchard et al.'s experiments; Garfield uses n − f − 2) */
  m: z.int().min(1).optional(),
  /** Neighbours counted in each Krum score. @default n − f − 2 (Blanchard et al.; ByzFL uses n − f − 1) */
  neighbors: z.int().min(1).optional(),
  /**
   * Neighbour count when `neighbors` is not set, relative to the n of each call: 'blanchard' n − f − 2 (the
   * paper), 'byzfl' n − f − 1 (ByzFL's "n − f nearest including itself"). @default 'blanchard'
   */
  convention: z.enum(['blanchard', 'byzfl']).optional(),
});

/** Multi-Krum parameters as written by a user. */
export type MultiKrumOptions = z.input<typeof multiKrumParams>;

/**
 * Multi-Krum: compute Krum scores s(i) (see krum.ts) and average the m vectors with the lowest scores,
 * (1/m) Σ_{i ∈ M} x_i, ranking by (score, index) so ties go to the lowest index. The average is taken
 * (the CC repo sums instead, a bug for m > 1).
 * @see Blanchard, El Mhamdi, Guerraoui, Stainer. Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent. NeurIPS 2017.
 */
export function multiKrum(options: MultiKrumOptions, prefix = 'policy'): Aggregator {
  const { f, m, neighbors, convention } = parseParams(multiKrumParams, options, prefix);
  const others = convention === 'byzfl' ? 1 : 2;
  const requirements = krumRequirements(f, neighbors);
  if (m !== undefined) requirements.push(requirement('m', m, 'm ≤ n', (n) => m <= n));
  let D: Float64Array = new Float64Array(0);
  let scores: Float64Array = new Float64Array(0);
  let tmp: Float64Array = new Float64Array(0);
  return defineAggregator(
    {
      name: 'multi-krum',
      budget: f,
      requirements,
      combine(rows, out, selected, { budget }) {
        const n = rows.length;
        D = pairwiseSquaredDistances(rows, D);
        scores = atLeast(scores, n);
        tmp = atLeast(tmp, n);
        const pool = Array.from({ length: n }, (_, i) => i);
        krumScores(D, n, pool, neighbors ?? Math.max(0, n - budget - others), scores, tmp);
        // Stable: equal scores keep index order. Scores are finite (finite inputs), so the comparator is total.
        const ranked = pool.sort((a, b) => scores[a] - scores[b] || a - b);
        const chosen = ranked.slice(0, m ?? n - budget).sort((a, b) => a - b);
        meanOfRows(chosen.map((i) => rows[i]), out);
        selected.push(...chosen);
      },
    },
    prefix,
  );
}
