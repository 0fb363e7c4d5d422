import { z } from 'zod';
import { parseParams } from '../core/zod-issues.js';
import { defineAttack, type Attack } from './attack.js';

/** Parameters of {@link gaussian}. */
export const gaussianParams = z.strictObject({
  /** μ, the mean of every coordinate. @default 0 */
  mu: z.number().default(0),
  /** σ, the standard deviation of every coordinate; the Zeno code's N(0, 200²). @default 200 */
  sigma: z.number().min(0).default(200),
});

/** Gaussian-attack parameters as written by a user. */
export type GaussianOptions = z.input<typeof gaussianParams>;

/**
 * Gaussian noise: out_i = μ + σ·ξ_i, ξ_i ~ N(0, 1) i.i.d. from `ctx.rng` (so deterministic per seed, worker
 * and step), ignoring the honest gradient.
 * @see Xie, Koyejo, Gupta. Zeno: Distributed Stochastic Gradient Descent with Suspicion-based Fault-tolerance. ICML 2019.
 */
export function gaussian(options: GaussianOptions = {}): Attack {
  const { mu, sigma } = parseParams(gaussianParams, options, 'byzantine.attack');
  return defineAttack('gaussian', (_honest, out, ctx) => {
    for (let i = 0; i < out.length; i++) out[i] = mu + sigma * ctx.rng.normal();
  });
}
