import { accept, reject } from './filter.js';
import { distance, VectorStore, type KardamRule, type KardamSettings } from './kardam-rule.js';
import { WorkerLipschitz } from './kardam-worker-lipschitz.js';
import { percentile } from './percentile.js';

/**
 * Kardam's Lipschitz filter in the paper's form (as recalled; the paper text could not be checked, see
 * docs/rules.md, 'Kardam's three sources'), on the authors' bookkeeping:
 *
 * - every arrival from worker w, accepted or not, first records w's coefficient
 *   lip_w = ‖g − g_w‖ / ‖x_base − x_w‖ against w's own previous gradient (the template's per-worker table, see
 *   {@link WorkerLipschitz}; `window` values per worker, 1 by default: each worker's latest);
 * - the candidate is then checked against the last accepted pair (g_prev and the model x_prev it was computed on):
 *
 *     k = ‖g − g_prev‖ / ‖x_base − x_prev‖,   accept iff k ≤ slack · P_q({each worker's value}),  q = (n − f)/n
 *
 *   with the linear percentile; the candidate's own coefficient is in the table when it is checked.
 *
 * The first arrival, and any arrival while no worker has a coefficient yet, is accepted (the template accepts on
 * an empty table). A candidate computed on the same model as the last accepted one (‖x_base − x_prev‖ = 0,
 * routine in asynchronous SGD) has no k in this form; `zeroDistance` decides: 'current' (the default) computes
 * it as the template's check does, k = ‖g − g_prev‖ / ‖x_current − x_applied‖ (x_applied: the model the last
 * accepted gradient was applied to), 'reject' or 'accept' untested (score NaN). The template never rejects
 * for a zero model difference: its bookkeeping skips the sample and its check divides by ‖x_current −
 * x_applied‖, zero only after a zero step.
 *
 * The table holds every worker's coefficient, Byzantine workers' too (as in the template and in Catalyst's
 * `asyncfl/kardam.py`), so an attack that inflates them raises the threshold for honest candidates as well
 * (docs/rules.md, 'Why an attack makes Kardam accept more honest gradients').
 *
 * The earlier form of this variant kept only accepted gradients' k in its table; with minibatch noise its
 * threshold ratcheted down until it accepted ~2% of honest gradients with no attack.
 */
export function kardamPaper(s: KardamSettings): KardamRule {
  const n = s.n;
  const lips = new WorkerLipschitz(n, s.window, s.eviction);
  // g_prev, x_prev (the model it was computed on), x_applied (the model it was applied to).
  const store = new VectorStore(3, 'kardam');
  const scratch = new Float64Array(n);
  let hasPrev = false;

  function remember(g: Float32Array, base: Float32Array, current: Float32Array, k: number, admits?: () => boolean) {
    if (admits && !admits()) return reject('frequency', k);
    const v = store.vectors(g.length);
    v[0].set(g);
    v[1].set(base);
    v[2].set(current);
    hasPrev = true;
    return accept(k);
  }

  return {
    judge(g, ctx, admits) {
      const w = ctx.worker;
      if (!(Number.isInteger(w) && w >= 0 && w < n)) throw new Error(`kardam: worker ${w} is not one of the ${n} workers the filter was built for`);
      const { baseParams: base, currentParams: current } = ctx;
      lips.record(w, g, base);
      if (!hasPrev || !lips.any) return remember(g, base, current, NaN, admits);
      const v = store.vectors(g.length);
      let dx = distance(base, v[1]);
      if (dx === 0) {
        if (s.zeroDistance === 'accept') return remember(g, base, current, NaN, admits);
        if (s.zeroDistance === 'reject') return reject('score');
        dx = distance(current, v[2]);
        if (dx === 0) return reject('score'); // a zero step as well: k undefined either way
      }
      const k = distance(g, v[0]) / dx;
      if (!Number.isFinite(k)) return reject('score', k); // only a non-finite model can get here
      const bar = s.slack * percentile(lips.maxima, s.quantile, s.percentile, scratch);
      return k <= bar ? remember(g, base, current, k, admits) : reject('score', k);
    },
  };
}
