import { accept, reject } from './filter.js';
import { distance, VectorStore, type KardamRule, type KardamSettings } from './kardam-rule.js';
import { ScalarWindow } from './kardam-window.js';
import { percentile } from './percentile.js';

/** The Lipschitz value the Zeno++ code records for each of the first n (untested) gradients. */
export const ZENO_BASELINE_SENTINEL = 99999;

/**
 * Kardam as re-implemented in the Zeno++ authors' code, the baseline Zeno++ was compared against
 * (docs/rules.md, 'Kardam's three sources'). With g₋₁, g₋₂ the last two accepted gradients, x_latest the current model and x₋₂ the
 * model before the last accepted step:
 *
 *   k = ‖g − g₋₁‖ / ‖x_base − x_latest‖    if the candidate is stale (τ > 0)
 *   k = ‖g − g₋₂‖ / ‖x_latest − x₋₂‖       if it was computed on the latest model (τ = 0)
 *   accept iff k ≤ slack · P_q(K),  q = (n − f)/n, NumPy's linear percentile, slack 1.1
 *
 * K holds the k of the last `window` accepted gradients (the code keeps max(2n, maxDelay); default 2n here).
 * The first n arrivals are accepted untested and record {@link ZENO_BASELINE_SENTINEL}, which inflates the
 * threshold until those entries age out (faithful to the code). No dampening or frequency filter in the code.
 * Where the code fails, this defines: a zero denominator (a ZeroDivisionError in Python) follows
 * `zeroDistance` (score NaN, nothing recorded; an 'accept' still becomes g₋₁); with n = 1 the τ = 0 case
 * needs two accepted gradients, so the warm-up lasts until there are two.
 */
export function kardamZenoBaseline(s: KardamSettings): KardamRule {
  // g₋₁ and g₋₂ swap roles on every acceptance; x₋₂ is a copy of the model each accepted step was applied to.
  const store = new VectorStore(3, 'kardam');
  const table = new ScalarWindow(s.window);
  const scratch = new Float64Array(s.window);
  let last = 0; // index in the store of g₋₁; g₋₂ is 1 − last; x₋₂ is 2
  let accepted = 0;

  function remember(g: Float32Array, current: Float32Array, k: number, admits?: () => boolean) {
    if (admits && !admits()) return reject('frequency', k);
    const v = store.vectors(g.length);
    if (!Number.isNaN(k)) table.push(k);
    last = 1 - last;
    v[last].set(g);
    v[2].set(current);
    accepted++;
    return accept(k);
  }

  return {
    judge(g, ctx, admits) {
      const v = store.vectors(g.length);
      const current = ctx.currentParams;
      if (accepted < s.n || (ctx.staleness === 0 && accepted < 2)) {
        table.push(ZENO_BASELINE_SENTINEL);
        return remember(g, current, NaN, admits);
      }
      const stale = ctx.staleness > 0;
      const dx = stale ? distance(ctx.baseParams, current) : distance(current, v[2]);
      if (dx === 0) return s.zeroDistance === 'accept' ? remember(g, current, NaN, admits) : reject('score');
      const k = distance(g, stale ? v[last] : v[1 - last]) / dx;
      if (!Number.isFinite(k)) return reject('score', k);
      const bar = s.slack * percentile(table.values, s.quantile, s.percentile, scratch);
      return k <= bar ? remember(g, current, k, admits) : reject('score', k);
    },
  };
}
