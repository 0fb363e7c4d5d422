import { z } from 'zod';
import { parseParams } from '../../core/zod-issues.js';
import { copyInto, scaleInto } from '../../engine/vectors.js';
import { dampeningFactor, dampeningParams } from './dampening.js';
import { accept, defineFilter, type AsyncFilter } from './filter.js';

/** Plain asynchronous SGD takes only the staleness dampening options (an unknown key is an error). */
export const asyncSgdParams = z.strictObject({ ...dampeningParams });

/** Async-SGD parameters as written by a user (every field optional). */
export type AsyncSgdOptions = z.input<typeof asyncSgdParams>;

/**
 * Plain asynchronous SGD, the undefended baseline: every well-formed gradient is applied, d = Λ(τ)·g, so
 * x ← x − γ_t·Λ(τ)·g, where Λ is the staleness dampening ('none' by default: d = g, the Zeno++ baseline;
 * see {@link dampeningFactor}). Score is NaN (none is computed). Malformed candidates are still rejected.
 * @see Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020 (the `none` baseline).
 */
export function asyncSgd(options: AsyncSgdOptions = {}): AsyncFilter {
  const p = parseParams(asyncSgdParams, options, 'policy');
  return defineFilter({
    name: 'async-sgd',
    refreshEvery: 0,
    validationBatch: 0,
    judge(candidate, ctx, out) {
      const lambda = dampeningFactor(p.dampening, p.alpha, ctx.staleness);
      if (lambda === 1) copyInto(out, candidate);
      else scaleInto(out, lambda, candidate);
      return accept();
    },
  });
}
