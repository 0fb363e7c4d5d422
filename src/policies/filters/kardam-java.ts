import { norm } from '../../engine/vectors.js';
import { accept, reject } from './filter.js';
import { distance, VectorStore, type KardamRule, type KardamSettings } from './kardam-rule.js';
import { WorkerLipschitz } from './kardam-worker-lipschitz.js';
import { percentile } from './percentile.js';

/** The level of the authors' threshold, computed as their code computes it: `Percentile.evaluate(l, 200/3)`. */
export const JAVA_QUANTILE = 200 / 3 / 100;

/**
 * Kardam as the authors' Java template implements it (docs/rules.md, 'Kardam's three sources'; LPD-EPFL/kardam
 * `utils/Filtering.java`). Bookkeeping on every arrival, accepted or not, from worker w:
 *
 *   lip_w = ‖g − g_w‖ / ‖x_base − x_w‖   (g_w, x_w: w's previous gradient and the model it was computed on)
 *
 * appended to w's list (at most `window` values, 26 in the template); a full list drops its smallest value by
 * default (`eviction: 'smallest'`: the template sorts each list in place while checking, so its `remove(0)`
 * drops the smallest, and a worker's maximum never decreases), or its oldest with `eviction: 'oldest'`. A zero
 * model difference skips the sample (the template ignores the model and, being the same epoch, the gradient).
 * Then the check:
 *
 *   threshold = slack · P_q({max of each worker's list}),  q = (200/3)/100, commons-math LEGACY percentile
 *   k = ‖g − g_acc‖ / ‖x_current − x_acc‖   (g_acc: last accepted gradient; x_acc: the model it was applied to)
 *   accept iff k ≤ threshold, or the table is empty, or the last n decisions were all rejections
 *
 * The candidate's own lip is in the table when it is checked (the template updates before checking). Where the
 * template differs or is silent: it stores lr·Λ(τ)·g as w's gradient but checks the raw g; here both use the
 * raw g (the lr scaling makes the two sides incomparable). With no accepted gradient yet, k = ‖g‖/‖x_current‖ as
 * in the template, though the first arrival always meets an empty table. A zero ‖x_current − x_acc‖ (a zero
 * step) follows `zeroDistance` with score NaN; the template computes Infinity or NaN there, a rejection. Memory:
 * 2·n + 2 vectors of the model's size.
 */
export function kardamJava(s: KardamSettings): KardamRule {
  const n = s.n;
  const lips = new WorkerLipschitz(n, s.window, s.eviction);
  // g_acc, x_acc: the last accepted gradient and the model it was applied to.
  const store = new VectorStore(2, 'kardam');
  const scratch = new Float64Array(n);
  let hasAccepted = false;
  let rejects = 0;

  function remember(g: Float32Array, current: Float32Array, k: number, admits?: () => boolean) {
    // The Lipschitz test passed (or the escape hatch opened): the run of rejections ends either way.
    rejects = 0;
    if (admits && !admits()) return reject('frequency', k);
    const v = store.vectors(g.length);
    v[0].set(g);
    v[1].set(current);
    hasAccepted = true;
    return accept(k);
  }

  return {
    judge(g, ctx, admits) {
      const w = ctx.worker;
      if (!(Number.isInteger(w) && w >= 0 && w < n)) throw new Error(`kardam: worker ${w} is not one of the ${n} workers the filter was built for`);
      lips.record(w, g, ctx.baseParams);
      const current = ctx.currentParams;
      if (!lips.any) return remember(g, current, NaN, admits);
      const bar = s.slack * percentile(lips.maxima, s.quantile, s.percentile, scratch);
      const v = store.vectors(g.length);
      const num = hasAccepted ? distance(g, v[0]) : norm(g);
      const den = hasAccepted ? distance(current, v[1]) : norm(current);
      const k = den === 0 ? NaN : num / den;
      const passes = den === 0 ? s.zeroDistance === 'accept' : k <= bar;
      if (passes || rejects === n) return remember(g, current, k, admits);
      rejects++;
      return reject('score', k);
    },
  };
}
