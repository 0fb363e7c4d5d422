import { z } from 'zod';
import { parseParams } from '../../core/zod-issues.js';
import { scaleInto, squaredNorm, squaredNormAndDot } from '../../engine/vectors.js';
import { dampeningFactor, dampeningParams } from './dampening.js';
import { accept, defineFilter, reject, type AsyncFilter } from './filter.js';

/**
 * Parameters of Zeno++. Defaults follow the authors' main CIFAR-10 experiments (docs/rules.md, 'Zeno++ options'),
 * except n_s, which is smaller here because the simulator's tasks are small.
 */
export const zenoPlusPlusParams = z.strictObject({
  /** ρ, weight of the norm penalty. @default 0.001 */
  rho: z.number().min(0).default(0.001),
  /** ε, slack of the acceptance threshold. @default 0 */
  epsilon: z.number().min(0).default(0),
  /** K, arrivals (accepted or not) between refreshes of the validation gradient v. @default 10 */
  refreshEvery: z.int().min(1).default(10),
  /** n_s, validation minibatch size. @default 64 */
  validationBatch: z.int().min(1).default(64),
  /** 'exact': c = ‖v‖/‖g‖ (CIFAR code); 'clip': c = min(1, ‖v‖/‖g‖), shrink only (WikiText code). @default 'exact' */
  normalization: z.enum(['exact', 'clip']).default('exact'),
  /**
   * 'normalized': ρ‖g~‖² (our reading of the paper's formula, unverified); 'raw': ρ‖g‖² of the candidate as received
   * (every authors' script, in summed-loss units: ρ here = ρ_code·(B/n_s)², docs/rules.md 'Zeno++ options'). @default 'normalized'
   */
  rhoNorm: z.enum(['normalized', 'raw']).default('normalized'),
  /** 'gamma-epsilon': accept iff score ≥ −γε (CIFAR code); 'epsilon': iff score ≥ −ε (WikiText code). @default 'gamma-epsilon' */
  threshold: z.enum(['gamma-epsilon', 'epsilon']).default('gamma-epsilon'),
  /** γ in the score and threshold: 'initial' γ_0 (the authors' code uses args.lr) or 'current' γ_t. @default 'initial' */
  gamma: z.enum(['initial', 'current']).default('initial'),
  /** Staleness dampening of the applied direction, d = Λ(τ)·g~ (not in the paper: an option for comparisons). @default 'none' */
  ...dampeningParams,
});

/** Zeno++ parameters as written by a user (every field optional). */
export type ZenoPlusPlusOptions = z.input<typeof zenoPlusPlusParams>;
/** Zeno++ parameters with defaults filled in. */
export type ZenoPlusPlusParams = z.output<typeof zenoPlusPlusParams>;

/**
 * Zeno++: validate each asynchronous candidate g against the server's validation gradient v.
 *
 *   c = ‖v‖/‖g‖ ('exact') or min(1, ‖v‖/‖g‖) ('clip');   g~ = c·g
 *   score = γ·⟨v, g~⟩ − ρ·‖g~‖²   (‖g‖² with rhoNorm 'raw')
 *   accept iff score ≥ −γ·ε   (≥ −ε with threshold 'epsilon');   then d = g~, so x ← x − γ_t·g~
 *
 * γ is γ_0 by default (gamma 'initial'). ‖g‖ = 0 or ‖v‖ = 0 is rejected as 'zero-norm' (c would be
 * ∞ or 0), and a non-finite score as 'score'. v is supplied by the server every K arrivals.
 * @see Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020, PMLR 119:10495–10503, Algorithm 1 (server).
 */
export function zenoPlusPlus(options: ZenoPlusPlusOptions = {}): AsyncFilter {
  const p = parseParams(zenoPlusPlusParams, options, 'policy');
  const terms = new Float64Array(2); // ‖g‖², ⟨g, v⟩ of the current arrival
  return defineFilter({
    name: 'zeno++',
    refreshEvery: p.refreshEvery,
    validationBatch: p.validationBatch,
    checksFinite: true,
    judge(g, ctx, out) {
      const v = ctx.validation;
      // The server refreshes v before the first arrival; its absence is a wiring bug, not a bad input.
      if (v === undefined) throw new Error('zeno++: no validation gradient in the arrival context');
      if (v.length !== g.length) throw new Error(`zeno++: validation gradient has length ${v.length}, expected ${g.length}`);
      // ‖g‖² and ⟨v, g⟩ in one pass over both vectors; ‖v‖² once per refresh (the server's), else here.
      squaredNormAndDot(g, v, terms);
      const gg = terms[0], gv = terms[1];
      // ‖g‖² in float64 is finite iff every element of g is: this is the screen's finiteness check (checksFinite).
      if (!Number.isFinite(gg)) return reject('non-finite');
      const vv = ctx.validationSquaredNorm ?? squaredNorm(v);
      if (gg === 0 || vv === 0) return reject('zero-norm');
      let c = Math.sqrt(vv) / Math.sqrt(gg);
      if (p.normalization === 'clip' && c > 1) c = 1;
      const gamma = p.gamma === 'initial' ? ctx.initialLr : ctx.lr;
      // ⟨v, g~⟩ = c⟨v, g⟩ and ‖g~‖² = c²‖g‖²: no need to materialize g~ before deciding, so a
      // rejection never touches `out`.
      const penalty = p.rhoNorm === 'raw' ? gg : c * c * gg;
      const score = gamma * c * gv - p.rho * penalty;
      // NaN >= x is false, but say so explicitly (docs/rules.md, 'Zeno++ options') rather than rely on it.
      if (!Number.isFinite(score)) return reject('score', score);
      const bar = p.threshold === 'gamma-epsilon' ? -gamma * p.epsilon : -p.epsilon;
      if (score < bar) return reject('score', score);
      scaleInto(out, c * dampeningFactor(p.dampening, p.alpha, ctx.staleness), g);
      return accept(score);
    },
  });
}
