import { z } from 'zod';
import { parseParams } from '../../core/zod-issues.js';
import { accept, defineFilter, type AsyncFilter } from './filter.js';
import { stalenessFunction, stalenessWeight } from './staleness.js';

export const fedAsyncParams = z.strictObject({
  /** α, the mixing weight of a fresh update, in (0, 1]. @default 0.6 */
  alpha: z.number().gt(0).max(1).default(0.6),
  /** s(τ), which scales α by staleness: 'constant', 'polynomial' ((τ+1)^−a) or 'hinge' (a, b), or any staleness function. @default { name: 'polynomial', a: 0.5 } */
  staleness: stalenessFunction.default({ name: 'polynomial', a: 0.5 }),
});

export type FedAsyncOptions = z.input<typeof fedAsyncParams>;

/**
 * FedAsync: the server mixes the sender's local model into its own,
 *
 *   x ← (1 − α_t)·x + α_t·x_new,   α_t = α·s(τ),   x_new = x_base − η_w·u,
 *
 * where x_base is the model the sender pulled, u its update (the sum of its local gradients, so x_new is its local
 * model; a plain gradient is one local step, η_w = γ_t) and τ its staleness. Written as a step of size α_t along
 * d = x − x_new = (x − x_base) + η_w·u, each coordinate in float64, rounded once. No defence: every well-formed
 * update is mixed in (Byzantine ones too).
 * @see Xie, Koyejo, Gupta. Asynchronous Federated Optimization. arXiv:1903.03934, 2019, Algorithm 1 and §3 (staleness functions).
 */
export function fedAsync(options: FedAsyncOptions = {}): AsyncFilter {
  const p = parseParams(fedAsyncParams, options, 'policy');
  return defineFilter({
    name: 'fedasync',
    refreshEvery: 0,
    validationBatch: 0,
    judge(u, ctx, out) {
      const eta = ctx.workerLr ?? ctx.lr;
      const x = ctx.currentParams;
      const base = ctx.baseParams;
      for (let i = 0; i < out.length; i++) out[i] = x[i] - base[i] + eta * u[i];
      const step = p.alpha * stalenessWeight(p.staleness, ctx.staleness);
      return { ...accept(step), step };
    },
  });
}
