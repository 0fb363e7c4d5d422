import { z } from 'zod';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { ColumnKernels } from './columns.js';

/** The coordinate-wise median takes no parameters. */
export const medianParams = z.strictObject({});

/** Median parameters as written by a user. */
export type MedianOptions = z.input<typeof medianParams>;

/**
 * Coordinate-wise median: out_j = median{x_1j, …, x_nj}; for even n the average of the two middle values
 * (NumPy, icml2019_zeno and the CC repo; torch.median returns the lower one, docs/rules.md, 'Median of an even count').
 * A sorting network per coordinate (16 coordinates at a time in the engine), pruned to the middle positions.
 * @see Yin, Chen, Ramchandran, Bartlett. Byzantine-Robust Distributed Learning: Towards Optimal Statistical Rates. ICML 2018.
 */
export function median(options: MedianOptions = {}, prefix = 'policy'): Aggregator {
  parseParams(medianParams, options, prefix);
  const columns = new ColumnKernels();
  return defineAggregator(
    {
      name: 'median',
      requirements: [],
      combine(rows, out) {
        columns.median(rows, out);
      },
    },
    prefix,
  );
}
