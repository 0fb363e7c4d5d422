import { norm } from '../../engine/vectors.js';
import { accept, reject } from './filter.js';
import { distance, VectorStore, type KardamRule, type KardamSettings } from './kardam-rule.js';
import { ScalarWindow } from './kardam-window.js';
import { percentile } from './percentile.js';

/** The level of the authors' threshold, computed as their code computes it: `Percentile.evaluate(l, 200/3)`. */
export const JAVA_QUANTILE = 200 / 3 / 100;

/**
 * Kardam as the authors' Java template implements it (docs/rules.md, 'Kardam's three sources'; LPD-EPFL/kardam
 * `utils/Filtering.java`). Bookkeeping on every arrival, accepted or not, from worker w:
 *
 *   lip_w = ‖g − g_w‖ / ‖x_base − x_w‖   (g_w, x_w: w's previous gradient and the model it was computed on)
 *
 * appended to w's list (the last `window` values, 26 in the template); a zero model difference skips the
 * sample (the template ignores the model and, being the same epoch, the gradient). Then the check:
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
  // Vectors 0..n−1: each worker's last gradient; n..2n−1: the model it was computed on; 2n, 2n+1: g_acc, x_acc.
  const store = new VectorStore(2 * n + 2, 'kardam');
  const lists = Array.from({ length: n }, () => new ScalarWindow(s.window));
  const seen = new Uint8Array(n);
  const maxima = new Float64Array(n).fill(NaN);
  const scratch = new Float64Array(n);
  let hasLips = false;
  let hasAccepted = false;
  let rejects = 0;

  function remember(g: Float32Array, current: Float32Array, k: number) {
    const v = store.vectors(g.length);
    v[2 * n].set(g);
    v[2 * n + 1].set(current);
    hasAccepted = true;
    rejects = 0;
    return accept(k);
  }

  /** Updates worker w's Lipschitz list with this arrival (setModel, setGrad and updateLip in the template). */
  function record(w: number, g: Float32Array, base: Float32Array) {
    const v = store.vectors(g.length);
    if (seen[w] === 1) {
      const dx = distance(base, v[n + w]);
      if (dx === 0) return;
      lists[w].push(distance(g, v[w]) / dx);
      maxima[w] = lists[w].max();
      hasLips = true;
    }
    v[w].set(g);
    v[n + w].set(base);
    seen[w] = 1;
  }

  return {
    judge(g, ctx) {
      const w = ctx.worker;
      if (!(Number.isInteger(w) && w >= 0 && w < n)) throw new Error(`kardam: worker ${w} is not one of the ${n} workers the filter was built for`);
      record(w, g, ctx.baseParams);
      const current = ctx.currentParams;
      if (!hasLips) return remember(g, current, NaN);
      const bar = s.slack * percentile(maxima, s.quantile, s.percentile, scratch);
      const v = store.vectors(g.length);
      const num = hasAccepted ? distance(g, v[2 * n]) : norm(g);
      const den = hasAccepted ? distance(current, v[2 * n + 1]) : norm(current);
      const k = den === 0 ? NaN : num / den;
      const passes = den === 0 ? s.zeroDistance === 'accept' : k <= bar;
      if (passes || rejects === n) return remember(g, current, k);
      rejects++;
      return reject('score', k);
    },
  };
}
