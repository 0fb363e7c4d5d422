import { z } from 'zod';
import { byzantineCount } from './byzantine-count.js';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { argmin, krumScores } from './krum-scores.js';
import { pairwiseSquaredDistances } from './pairwise.js';
import { requirement, type RowRequirement } from './precondition.js';
import { atLeast } from './scratch.js';

/** Parameters of Krum. */
export const krumParams = z.strictObject({
  /** f, Byzantine vectors tolerated; requires n > 2f + 2. Required. */
  f: byzantineCount,
  /**
   * Neighbours counted in each score. @default n − f − 2 (Blanchard et al.); n − f − 1 is ByzFL's "n − f
   * nearest including itself". Must be ≤ n − 1.
   */
  neighbors: z.int().min(1).optional(),
  /**
   * Neighbour count when `neighbors` is not set, relative to the n of each call: 'blanchard' n − f − 2 (the
   * paper), 'byzfl' n − f − 1 (ByzFL's "n − f nearest including itself"). @default 'blanchard'
   */
  convention: z.enum(['blanchard', 'byzfl']).optional(),
});

/** Krum parameters as written by a user. */
export type KrumOptions = z.input<typeof krumParams>;

/** The preconditions Krum and Multi-Krum share: n > 2f + 2 (f the reduced budget) and, when set, neighbors ≤ n − 1. */
export function krumRequirements(f: number, neighbors: number | undefined): RowRequirement[] {
  const out = [requirement('f', f, 'n > 2f + 2', (n, budget) => n > 2 * budget + 2)];
  if (neighbors !== undefined) out.push(requirement('neighbors', neighbors, 'neighbors ≤ n − 1', (n) => neighbors <= n - 1));
  return out;
}

/**
 * Krum: with squared distances, score each vector by s(i) = Σ_{j ∈ N_i} ‖x_i − x_j‖², N_i its `neighbors`
 * (default n − f − 2) closest other vectors, and output x_{i*}, i* = argmin s(i); ties go to the lowest
 * index (identical vectors, as IPM sends, tie at distance 0). O(n²·d) for the distances, computed once.
 * @see Blanchard, El Mhamdi, Guerraoui, Stainer. Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent. NeurIPS 2017.
 */
export function krum(options: KrumOptions, prefix = 'policy'): Aggregator {
  const { f, neighbors, convention } = parseParams(krumParams, options, prefix);
  const others = convention === 'byzfl' ? 1 : 2;
  let D: Float64Array = new Float64Array(0);
  let scores: Float64Array = new Float64Array(0);
  let tmp: Float64Array = new Float64Array(0);
  return defineAggregator(
    {
      name: 'krum',
      budget: f,
      requirements: krumRequirements(f, neighbors),
      combine(rows, out, selected, { budget }) {
        const n = rows.length;
        D = pairwiseSquaredDistances(rows, D);
        scores = atLeast(scores, n);
        tmp = atLeast(tmp, n);
        const pool = Array.from({ length: n }, (_, i) => i);
        krumScores(D, n, pool, neighbors ?? Math.max(0, n - budget - others), scores, tmp);
        const best = argmin(scores, n);
        out.set(rows[best]);
        selected.push(best);
      },
    },
    prefix,
  );
}
