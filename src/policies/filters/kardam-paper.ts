import { accept, reject } from './filter.js';
import { distance, VectorStore, type KardamRule, type KardamSettings } from './kardam-rule.js';
import { ScalarWindow } from './kardam-window.js';
import { percentile } from './percentile.js';

/**
 * Kardam's Lipschitz filter as we recall the paper's form (docs/rules.md, 'Kardam's three sources': unverified,
 * not checked against the paper's text). With (g_prev, x_prev) the last accepted gradient and the model it was computed on:
 *
 *   k = ‖g − g_prev‖ / ‖x_base − x_prev‖,   accept iff k ≤ slack · P_q(K)
 *
 * where K holds the k of the last `window` accepted gradients and P_q is the percentile at q = (n − f)/n.
 * Conventions (none is given by a source):
 * - the first arrival is accepted (nothing to compare with; score NaN) and becomes the reference pair;
 * - until K is full the test is skipped: the candidate is accepted and its k recorded (warm-up);
 * - ‖x_base − x_prev‖ = 0 (computed on the same model as the last accepted gradient, routine in async SGD)
 *   leaves k undefined: rejected by default, accepted with zeroDistance 'accept'; score NaN, nothing recorded.
 *   'reject' is the default because an accepted outlier becomes the reference pair, and one accepted with no
 *   test could make every later honest k look large.
 * Known weaknesses of this form, kept rather than patched: K only receives values that passed, so with slack 1
 * the threshold drifts down (with noisy minibatch gradients it starves: ~4% accepted on mnist-softmax with all
 * workers honest); and an accepted outlier becomes the reference pair, with no escape hatch to recover.
 */
export function kardamPaper(s: KardamSettings): KardamRule {
  const store = new VectorStore(2, 'kardam');
  const table = new ScalarWindow(s.window);
  const scratch = new Float64Array(s.window);
  let hasPrev = false;

  /** Records k (unless NaN) and makes (g, x_base) the reference pair: copies, since the server recycles both buffers. */
  function remember(g: Float32Array, base: Float32Array, k: number) {
    const v = store.vectors(g.length);
    if (!Number.isNaN(k)) table.push(k);
    v[0].set(g);
    v[1].set(base);
    hasPrev = true;
    return accept(k);
  }

  return {
    judge(g, ctx) {
      const v = store.vectors(g.length);
      if (!hasPrev) return remember(g, ctx.baseParams, NaN);
      const dx = distance(ctx.baseParams, v[1]);
      if (dx === 0) return s.zeroDistance === 'accept' ? remember(g, ctx.baseParams, NaN) : reject('score');
      const k = distance(g, v[0]) / dx;
      if (!Number.isFinite(k)) return reject('score', k); // only a non-finite model can get here
      if (!table.full) return remember(g, ctx.baseParams, k);
      const bar = s.slack * percentile(table.values, s.quantile, s.percentile, scratch);
      return k <= bar ? remember(g, ctx.baseParams, k) : reject('score', k);
    },
  };
}
