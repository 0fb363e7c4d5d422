import { z } from 'zod';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { ColumnBuffer } from './columns.js';
import { medianOfRange } from './select.js';

/** The coordinate-wise median takes no parameters. */
export const medianParams = z.strictObject({});

/** Median parameters as written by a user. */
export type MedianOptions = z.input<typeof medianParams>;

/**
 * Coordinate-wise median: out_j = median{x_1j, …, x_nj}; for even n the average of the two middle values
 * (NumPy, icml2019_zeno and the CC repo; torch.median returns the lower one, docs/rules.md, 'Median of an even count').
 * Quickselect per coordinate, O(n·d) expected.
 * @see Yin, Chen, Ramchandran, Bartlett. Byzantine-Robust Distributed Learning: Towards Optimal Statistical Rates. ICML 2018.
 */
export function median(options: MedianOptions = {}, prefix = 'policy'): Aggregator {
  parseParams(medianParams, options, prefix);
  const columns = new ColumnBuffer();
  const kernel = (col: Float64Array, lo: number, n: number): number => medianOfRange(col, lo, lo + n);
  return defineAggregator(
    {
      name: 'median',
      requirements: [],
      combine(rows, out) {
        columns.map(rows, out, kernel);
      },
    },
    prefix,
  );
}
