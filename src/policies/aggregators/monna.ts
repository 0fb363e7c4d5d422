import { z } from 'zod';
import { distance } from '../../engine/vectors.js';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { meanOfRows } from './mean.js';
import { requirement } from './precondition.js';

export const monnaParams = z.strictObject({
  /** f, Byzantine vectors tolerated; requires 2f < n. Required. */
  f: z.int().min(0),
  /**
   * Position of the trusted vector among those aggregated (in a run: the worker id when no worker is dropped or
   * rejected). Byzantine workers are the lowest ids by default, so pick an honest one. @default 0 (as ByzFL)
   */
  idx: z.int().min(0).default(0),
});

export type MonnaOptions = z.input<typeof monnaParams>;

/**
 * MoNNA: the mean of the n − f vectors nearest the trusted vector x_idx (x_idx itself included); equal distances
 * go to the lower index.
 * @see Farhadkhani, Guerraoui, Gupta, Hoang, Pinot, Stephan. Robust Collaborative Learning with Linear Gradient
 * Overhead. ICML 2023; byzfl/aggregators/aggregators.py `MoNNA`.
 */
export function monna(options: MonnaOptions, prefix = 'policy'): Aggregator {
  const { f, idx } = parseParams(monnaParams, options, prefix);
  return defineAggregator(
    {
      name: 'monna',
      requirements: [requirement('f', f, '2f < n', (n) => 2 * f < n), requirement('idx', idx, 'idx < n', (n) => idx < n)],
      combine(rows, out, selected) {
        const trusted = rows[idx];
        const dist = rows.map((x) => distance(x, trusted));
        const chosen = rows
          .map((_, i) => i)
          .sort((a, b) => dist[a] - dist[b] || a - b)
          .slice(0, rows.length - f)
          .sort((a, b) => a - b);
        meanOfRows(chosen.map((i) => rows[i]), out);
        selected.push(...chosen);
      },
    },
    prefix,
  );
}
