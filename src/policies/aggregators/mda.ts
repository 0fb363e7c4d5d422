import { z } from 'zod';
import { byzantineCount } from './byzantine-count.js';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { meanOfRows } from './mean.js';
import { pairwiseSquaredDistances } from './pairwise.js';
import { requirement } from './precondition.js';
import { enumerable, forEachSubset } from './subsets.js';

export const mdaParams = z.strictObject({
  /** f, Byzantine vectors tolerated; requires 2f < n. Required. */
  f: byzantineCount,
  /** Largest C(n, f) enumerated; beyond it the rule refuses to run (a config error). @default 1000000 */
  maxSubsets: z.int().positive().default(1_000_000),
});

export type MdaOptions = z.input<typeof mdaParams>;

/**
 * Minimum-diameter averaging: among all subsets S of n − f vectors, the one whose diameter max_{i,j∈S} ‖xᵢ − xⱼ‖
 * is smallest (exact enumeration, subsets in lexicographic order, the first minimum kept), averaged. Costs
 * C(n, f) subsets; `maxSubsets` bounds it.
 * @see El Mhamdi, Guerraoui, Guirguis, Hoang, Rouault. Genuinely Distributed Byzantine Machine Learning. PODC 2020;
 * byzfl/aggregators/aggregators.py `MDA` (same enumeration order and strict-minimum tie rule).
 */
export function mda(options: MdaOptions, prefix = 'policy'): Aggregator {
  const { f, maxSubsets } = parseParams(mdaParams, options, prefix);
  const e = enumerable(maxSubsets);
  let D: Float64Array = new Float64Array(0);
  return defineAggregator(
    {
      name: 'mda',
      budget: f,
      requirements: [requirement('f', f, e.relation, e.holds)],
      combine(rows, out, selected, { budget }) {
        const n = rows.length;
        D = pairwiseSquaredDistances(rows, D);
        let best = Infinity;
        let bestSet = new Int32Array(0);
        forEachSubset(n, n - budget, (s) => {
          let diameter = 0;
          // Squared distances order subsets like distances; stop a subset as soon as it cannot win.
          for (let a = 0; a < s.length && diameter < best; a++) {
            const row = s[a] * n;
            for (let b = a + 1; b < s.length; b++) if (D[row + s[b]] > diameter) diameter = D[row + s[b]];
          }
          if (diameter < best) {
            best = diameter;
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
