import { z } from 'zod';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { ColumnKernels } from './columns.js';
import { requirement } from './precondition.js';

/** Parameters of the trimmed mean. */
export const trimmedMeanParams = z.strictObject({
  /** b, values dropped per side of each coordinate (usually b = f); requires 2b < n. Required (no default). */
  b: z.int().min(0).describe('b, the number of values dropped at each end of every coordinate: a whole number ≥ 0'),
});

/** Trimmed-mean parameters as written by a user. */
export type TrimmedMeanOptions = z.input<typeof trimmedMeanParams>;

/**
 * Coordinate-wise trimmed mean: per coordinate, sort x_(1) ≤ … ≤ x_(n) and average the middle,
 * out_j = (1/(n − 2b)) Σ_{k=b+1}^{n−b} x_(k). Requires 2b < n (the CC repo silently lowers b instead).
 * Each coordinate's values are sorted (engine sorting network) and the middle ones summed directly in
 * ascending order (never as total − trimmed, which a 1e30 outlier would cancel away).
 * @see Yin, Chen, Ramchandran, Bartlett. Byzantine-Robust Distributed Learning: Towards Optimal Statistical Rates. ICML 2018.
 */
export function trimmedMean(options: TrimmedMeanOptions, prefix = 'policy'): Aggregator {
  const { b } = parseParams(trimmedMeanParams, options, prefix);
  const columns = new ColumnKernels();
  return defineAggregator(
    {
      name: 'trimmed-mean',
      budget: b,
      requirements: [requirement('b', b, '2b < n', (n, reduced) => 2 * reduced < n)],
      combine(rows, out, _selected, { budget: reduced }) {
        columns.trimmedMean(rows, out, reduced);
      },
    },
    prefix,
  );
}
