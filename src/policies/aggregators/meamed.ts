import { z } from 'zod';
import { byzantineCount } from './byzantine-count.js';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { ColumnKernels } from './columns.js';
import { requirement } from './precondition.js';

/** Parameters of Meamed. */
export const meamedParams = z.strictObject({
  /** f, Byzantine vectors tolerated: the f values farthest from the median are left out; requires 2f < n. Required. */
  f: byzantineCount,
});

/** Meamed parameters as written by a user. */
export type MeamedOptions = z.input<typeof meamedParams>;

/**
 * Meamed, mean around the median: per coordinate j with median med_j, average the n − f values x_ij closest
 * to med_j. Ties at equal distance keep the lower value (a value-only rule, so the result does not depend
 * on the order of the inputs). Requires 2f < n, the honest majority the median needs.
 * @see Xie, Koyejo, Gupta. Generalized Byzantine-tolerant SGD. arXiv:1802.10116, 2018.
 */
export function meamed(options: MeamedOptions, prefix = 'policy'): Aggregator {
  const { f } = parseParams(meamedParams, options, prefix);
  const columns = new ColumnKernels();
  return defineAggregator(
    {
      name: 'meamed',
      budget: f,
      requirements: [requirement('f', f, '2f < n', (n, reduced) => 2 * reduced < n)],
      combine(rows, out, _selected, { budget: reduced }) {
        columns.meanAroundMedian(rows, out, rows.length - reduced);
      },
    },
    prefix,
  );
}
