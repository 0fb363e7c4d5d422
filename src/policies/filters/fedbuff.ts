import { z } from 'zod';
import { parseParams } from '../../core/zod-issues.js';
import { buffered } from './buffered.js';
import { dampeningParams } from './dampening.js';
import type { AsyncFilter } from './filter.js';
import { stalenessFunction } from './staleness.js';

export const fedBuffParams = z.strictObject({
  /** K, updates per server step. @default 10 */
  size: z.int().positive().default(10),
  /** s(τ) weighting each update by its staleness. @default { name: 'polynomial', a: 0.5 } (1/√(1 + τ)) */
  dampening: stalenessFunction.default({ name: 'polynomial', a: 0.5 }),
  alpha: dampeningParams.alpha,
});

export type FedBuffOptions = z.input<typeof fedBuffParams>;

/**
 * FedBuff: the server buffers K updates, each weighted by s(τ) of its staleness, and steps along their mean with
 * the server learning rate (`optimizer.lr`): x ← x − γ·(1/K)·Σ s(τ_i)·u_i. It is `buffered` with the mean as its
 * rule and FedBuff's defaults (one implementation; `buffered` with another aggregator is its robust variant).
 * @see Nguyen, Malik, Zhan, Yousefpour, Rabbat, Malek, Huba. Federated Learning with Buffered Asynchronous Aggregation. AISTATS 2022, PMLR 151:3581-3607, Algorithm 1.
 */
export function fedBuff(options: FedBuffOptions = {}, setup: { workers: number } = { workers: 1 }): AsyncFilter {
  const p = parseParams(fedBuffParams, options, 'policy');
  const filter = buffered({ aggregator: { name: 'mean' }, size: p.size, dampening: p.dampening, alpha: p.alpha }, setup);
  return { ...filter, name: 'fedbuff' };
}
