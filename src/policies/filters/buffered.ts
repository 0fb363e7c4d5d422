import { z } from 'zod';
import { ConfigError, PreconditionError } from '../../core/errors.js';
import { parseParams } from '../../core/zod-issues.js';
import { aggregateStats } from '../aggregators/aggregator.js';
import { createAggregator, type AggregatorEntry } from '../aggregators/registry.js';
import type { Rng } from '../../core/rng.js';
import { scaleInto } from '../../engine/vectors.js';
import { dampeningFactor, dampeningParams } from './dampening.js';
import { accept, defineFilter, reject, type AsyncFilter } from './filter.js';

export const bufferedParams = z.strictObject({
  /** The synchronous rule applied to each full buffer, with its parameters (and `pre` steps). @default { name: 'mean' } */
  aggregator: z.object({ name: z.string() }).loose().default({ name: 'mean' }),
  /** B, arrivals per buffer. @default the number of workers */
  size: z.int().positive().optional(),
  /** Staleness dampening: each vector enters the buffer scaled by Λ(τ) of its own staleness. @default 'none' */
  ...dampeningParams,
});

export type BufferedOptions = z.input<typeof bufferedParams>;

/**
 * Any synchronous aggregator run asynchronously: arrivals are copied into a buffer of B; when it is full the
 * aggregator combines them, the server takes one step and the buffer empties (as buffered asynchronous SGD
 * does). Staleness: each vector keeps the model version it was computed on; the aggregate mixes gradients up
 * to (staleness + B − 1) versions old, corrected only by the optional dampening Λ(τ) applied per vector. Arrivals that only fill the buffer are accepted and `deferred`; the arrival that completes it
 * carries the step (or a rejection with reason 'too-few' when the aggregator cannot run on the buffer).
 */
export function buffered(options: BufferedOptions = {}, setup: { workers: number; rng?: Rng; aggregators?: Readonly<Record<string, AggregatorEntry>> } = { workers: 1 }): AsyncFilter {
  const p = parseParams(bufferedParams, options, 'policy');
  const size = p.size ?? setup.workers;
  const { name, ...params } = p.aggregator;
  const aggregator = createAggregator(name, params, 'policy.aggregator', setup.rng, setup.aggregators);
  if (aggregator.prepare || aggregator.assess) {
    throw ConfigError.at('policy.aggregator.name', `${JSON.stringify(name)} needs pool jobs each round (the server's gradient, loss evaluations), which buffered does not run; use it in sync mode`);
  }
  // Precondition on B vectors, checked now: a dry run on one-dimensional vectors.
  createAggregator(name, params, 'policy.aggregator', undefined, setup.aggregators).aggregate(Array.from({ length: size }, () => new Float32Array(1)));
  const buffer: Float32Array[] = [];
  let filled = 0;
  const stats = aggregateStats();
  return defineFilter({
    name: 'buffered',
    refreshEvery: 0,
    validationBatch: 0,
    judge(g, ctx, out) {
      // Server buffers are recycled after each arrival, so the filter keeps its own (dampened) copies.
      buffer[filled] ??= new Float32Array(g.length);
      scaleInto(buffer[filled++], dampeningFactor(p.dampening, p.alpha, ctx.staleness), g);
      if (filled < size) return { ...accept(), deferred: true };
      filled = 0;
      try {
        aggregator.aggregate(buffer, out, stats);
      } catch (e) {
        // Only a failed precondition skips the step; anything else is a bug and must stop the run.
        if (e instanceof PreconditionError) return reject('too-few');
        throw e;
      }
      return accept();
    },
  });
}
