import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import { parseParams } from '../../core/zod-issues.js';
import { aggregateStats } from '../aggregators/aggregator.js';
import { createAggregator } from '../aggregators/registry.js';
import { accept, defineFilter, type AsyncFilter } from './filter.js';

export const basgdParams = z.strictObject({
  /** B, the number of buffers; worker w fills buffer w mod B. @default half the workers (at least 1) */
  buffers: z.int().positive().optional(),
  /** The robust rule applied to the B buffer averages, with its parameters. @default { name: 'median' } */
  aggregator: z.object({ name: z.string() }).loose().default({ name: 'median' }),
});

export type BasgdOptions = z.input<typeof basgdParams>;

/**
 * BASGD, buffered asynchronous SGD for Byzantine learning: B buffers, each holding the running average of the
 * vectors it received since the last step; worker w's vectors go to buffer w mod B. Once every buffer holds at
 * least one vector, the robust aggregator combines the B averages, the server takes one step, and all buffers
 * empty. A Byzantine worker thus corrupts at most one buffer, whatever it sends and however often. Arrivals that
 * only fill a buffer are accepted and `deferred` (the step comes with the arrival that completes the set).
 * The average is kept as h ← h + (g − h)/N in float64, rounded once per arrival.
 * @see Yang, Li. BASGD: Buffered Asynchronous SGD for Byzantine Learning. ICML 2021, PMLR 139:11751-11761, Algorithm 1.
 */
export function basgd(options: BasgdOptions = {}, setup: { workers: number } = { workers: 1 }): AsyncFilter {
  const p = parseParams(basgdParams, options, 'policy');
  const count = p.buffers ?? Math.max(1, Math.floor(setup.workers / 2));
  if (count > setup.workers) throw ConfigError.at('policy.buffers', `expected at most workers (${setup.workers}) buffers, got ${count}`);
  const { name, ...params } = p.aggregator;
  const aggregator = createAggregator(name, params, 'policy.aggregator');
  // Precondition on B vectors, checked now: a dry run on one-dimensional vectors.
  createAggregator(name, params, 'policy.aggregator').aggregate(Array.from({ length: count }, () => new Float32Array(1)));
  const buffers: Float32Array[] = [];
  const filled = new Int32Array(count);
  let empty = count;
  const stats = aggregateStats();
  return defineFilter({
    name: 'basgd',
    refreshEvery: 0,
    validationBatch: 0,
    judge(g, ctx, out) {
      const b = ctx.worker % count;
      // Server buffers are recycled after each arrival, so the filter keeps its own averages.
      const h = (buffers[b] ??= new Float32Array(g.length));
      const n = ++filled[b];
      if (n === 1) {
        h.set(g);
        empty--;
      } else {
        for (let i = 0; i < h.length; i++) h[i] = h[i] + (g[i] - h[i]) / n;
      }
      if (empty > 0) return { ...accept(), deferred: true };
      filled.fill(0);
      empty = count;
      // B finite averages, and the precondition on B rows was checked at construction: any error here is a bug.
      aggregator.aggregate(buffers, out, stats);
      return accept();
    },
  });
}
