import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import { parseParams } from '../../core/zod-issues.js';
import { aggregateStats } from '../aggregators/aggregator.js';
import { createAggregator, type AggregatorEntry } from '../aggregators/registry.js';
import type { Rng } from '../../core/rng.js';
import { dampeningFactor, dampeningParams } from './dampening.js';
import { accept, defineFilter, reject, type AsyncFilter } from './filter.js';

export const basgdParams = z.strictObject({
  /** B, the number of buffers; worker w fills buffer w mod B. @default half the workers (at least 1) */
  buffers: z.int().positive().optional(),
  /** The robust rule applied to the B buffer averages, with its parameters. @default { name: 'median' } */
  aggregator: z.object({ name: z.string() }).loose().default({ name: 'median' }),
  /** Staleness dampening (not in the paper): each vector enters its buffer's average scaled by Λ(τ) of its own staleness. @default 'none' */
  ...dampeningParams,
});

export type BasgdOptions = z.input<typeof basgdParams>;

/**
 * BASGD, buffered asynchronous SGD for Byzantine learning: B buffers, each holding the running average of the
 * vectors it received since the last step; worker w's vectors go to buffer w mod B. Once every buffer holds at
 * least one vector, the robust aggregator combines the B averages, the server takes one step, and all buffers
 * empty. A Byzantine worker thus corrupts at most one buffer, whatever it sends and however often. Arrivals that
 * only fill a buffer are accepted and `deferred` (the step comes with the arrival that completes the set).
 * The average is kept as h ← h + (g − h)/N in float64, rounded once per arrival; with `dampening`, g enters it as
 * Λ(τ)·g (our option, as on every async rule; 'none' by default). A buffer that only received
 * screened arrivals (non-finite, omitted) since the last step counts as known Byzantine: the step runs without it,
 * with the rule's f budget reduced accordingly, so such senders never stall training.
 * @see Yang, Li. BASGD: Buffered Asynchronous SGD for Byzantine Learning. ICML 2021, PMLR 139:11751-11761, Algorithm 1.
 */
export function basgd(options: BasgdOptions = {}, setup: { workers: number; rng?: Rng; aggregators?: Readonly<Record<string, AggregatorEntry>> } = { workers: 1 }): AsyncFilter {
  const p = parseParams(basgdParams, options, 'policy');
  const count = p.buffers ?? Math.max(1, Math.floor(setup.workers / 2));
  if (count > setup.workers) throw ConfigError.at('policy.buffers', `expected at most workers (${setup.workers}) buffers, got ${count}`);
  const { name, ...params } = p.aggregator;
  const aggregator = createAggregator(name, params, 'policy.aggregator', setup.rng, setup.aggregators);
  if (aggregator.prepare || aggregator.assess) {
    throw ConfigError.at('policy.aggregator.name', `${JSON.stringify(name)} needs pool jobs each round (the server's gradient, loss evaluations), which basgd does not run; use it in sync mode`);
  }
  // Precondition on B vectors, checked now: a dry run on one-dimensional vectors.
  createAggregator(name, params, 'policy.aggregator', undefined, setup.aggregators).aggregate(Array.from({ length: count }, () => new Float32Array(1)));
  const buffers: Float32Array[] = [];
  const filled = new Int32Array(count);
  /** Buffers that got a screened (non-finite, omitted) arrival and no vector since the last step: known Byzantine. */
  const silenced = new Uint8Array(count);
  const stats = aggregateStats();
  /** Whether every buffer holds a vector or is known Byzantine (and at least one holds a vector). */
  const complete = () => {
    let some = false;
    for (let b = 0; b < count; b++) {
      if (filled[b] > 0) some = true;
      else if (!silenced[b]) return false;
    }
    return some;
  };
  /** One step over the buffers that hold a vector; the silenced ones reduce the rule's f budget (they are known Byzantine). */
  const step = (out: Float32Array): void => {
    const rows = buffers.filter((_, b) => filled[b] > 0);
    const absent = count - rows.length;
    filled.fill(0);
    silenced.fill(0);
    // Finite averages, and the precondition holds on count rows, hence (the f budget) on count − absent rows.
    aggregator.aggregate(rows, out, stats, { absent });
  };
  return defineFilter({
    name: 'basgd',
    refreshEvery: 0,
    validationBatch: 0,
    judge(g, ctx, out) {
      const b = ctx.worker % count;
      // Server buffers are recycled after each arrival, so the filter keeps its own averages.
      const h = (buffers[b] ??= new Float32Array(g.length));
      const n = ++filled[b];
      const lambda = dampeningFactor(p.dampening, p.alpha, ctx.staleness);
      if (n === 1 && lambda === 1) h.set(g);
      else if (n === 1) for (let i = 0; i < h.length; i++) h[i] = lambda * g[i];
      else if (lambda === 1) for (let i = 0; i < h.length; i++) h[i] = h[i] + (g[i] - h[i]) / n;
      else for (let i = 0; i < h.length; i++) h[i] = h[i] + (lambda * g[i] - h[i]) / n;
      if (!complete()) return { ...accept(), deferred: true };
      step(out);
      return accept();
    },
    // A buffer whose senders send only malformed vectors (or nothing) would never fill and stall every step: once it
    // has had such an arrival it counts as known Byzantine until the next step, like a dropped vector in a sync round.
    screened(reason, ctx, out) {
      const b = ctx.worker % count;
      if (filled[b] === 0) silenced[b] = 1;
      if (!complete() || buffers.length === 0) return reject(reason);
      step(out);
      return { ...reject(reason), serverStep: true };
    },
  });
}
