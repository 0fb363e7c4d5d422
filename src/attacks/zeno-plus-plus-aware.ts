import { z } from 'zod';
import { parseParams } from '../core/zod-issues.js';
import { defineAttack, type Attack } from './attack.js';

/** Parameters of {@link zenoPlusPlusAware}. */
export const zenoPlusPlusAwareParams = z.strictObject({
  /** ρ the attacker assumes Zeno++ uses (its norm penalty). @default 0.001 */
  rho: z.number().min(0).default(0.001),
  /** γ the attacker assumes Zeno++ uses in its score (the initial learning rate). @default 0.1 */
  gamma: z.number().gt(0).default(0.1),
  /** Safety margin added to the threshold cosine ρ/γ, against the error of estimating v by ĝ. @default 0.01 */
  margin: z.number().min(0).default(0.01),
  /** ‖u‖ = scale·‖ĝ‖. @default 1 */
  scale: z.number().gt(0).default(1),
});

/** Zeno++-aware parameters as written by a user. */
export type ZenoPlusPlusAwareOptions = z.input<typeof zenoPlusPlusAwareParams>;

/**
 * Zeno++-aware (adaptive, local knowledge): the attacker knows the defence and estimates its validation
 * gradient v by its own honest gradient ĝ. With normalized ρ and exact normalization, g~ = (‖v‖/‖u‖)·u and
 * γ⟨v, g~⟩ − ρ‖g~‖² ≥ 0 reduce to cos(u, v) ≥ ρ/γ: every magnitude passes and only the direction is bounded.
 * It sends the largest deviation that still passes, aimed at cos(u, ĝ) = c:
 *
 *   c = min(1, ρ/γ + margin),   r ~ N(0, I_d) from ctx.rng,   h = (r − (⟨r, ĝ⟩/‖ĝ‖²)·ĝ) / ‖·‖
 *   u = scale·‖ĝ‖·(c·ĝ/‖ĝ‖ + √(1 − c²)·h)        so ‖u‖ = scale·‖ĝ‖ and cos(u, ĝ) = c
 *
 * so only a fraction c of the descent survives and the rest is noise of the same norm. It passes whenever
 * cos(ĝ, v) is close enough to 1 that cos(u, v) stays ≥ ρ/γ; an omniscient attacker (ĝ = v) passes always
 * (score = γ·margin·‖v‖² > 0 when c < 1), and a better estimate of v passes more reliably. ĝ = 0 sends 0;
 * d = 1 (no direction orthogonal to ĝ) sends scale·ĝ. Computed in float64, rounded once to float32.
 * @see Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020 (the test it evades, Algorithm 1; this attack is our construction).
 */
export function zenoPlusPlusAware(options: ZenoPlusPlusAwareOptions = {}): Attack {
  const { rho, gamma, margin, scale } = parseParams(zenoPlusPlusAwareParams, options, 'byzantine.attack');
  const c = Math.min(1, rho / gamma + margin);
  const sine = Math.sqrt(1 - c * c);
  let r = new Float64Array(0); // scratch for r and h, grown once to the model dimension
  return defineAttack('zeno++-aware', (own, out, ctx) => {
    // The estimate of v: the true gradient at the pulled model when omniscient (async), else its own.
    const g = ctx.trueGradient ?? own;
    const d = g.length;
    let gg = 0;
    for (let i = 0; i < d; i++) gg += g[i] * g[i];
    if (gg === 0) return void out.fill(0);
    if (r.length < d) r = new Float64Array(d);
    let rg = 0;
    let rr = 0;
    for (let i = 0; i < d; i++) {
      r[i] = ctx.rng.normal();
      rg += r[i] * g[i];
      rr += r[i] * r[i];
    }
    const p = rg / gg;
    let hh = 0;
    for (let i = 0; i < d; i++) {
      r[i] -= p * g[i];
      hh += r[i] * r[i];
    }
    // With d = 1 (or, with probability ~0, r ∥ ĝ) the residual is rounding noise, not a direction ⊥ ĝ, and
    // normalizing it would corrupt both the cosine and the norm: no deviation is possible, so send scale·ĝ.
    const orthogonal = d > 1 && hh > 1e-20 * rr;
    const a = orthogonal ? scale * c : scale;
    const b = orthogonal ? (scale * Math.sqrt(gg) * sine) / Math.sqrt(hh) : 0;
    for (let i = 0; i < d; i++) out[i] = a * g[i] + b * r[i];
  }, [{ on: 'vector', knowledge: 'true-gradient' }]);
}
