import { z } from 'zod';
import { PreconditionError } from '../../core/errors.js';
import { parseParams } from '../../core/zod-issues.js';
import { squaredNorm } from '../../engine/vectors.js';
import { reducedBudget } from './precondition.js';

/** Zeno (sync) parameters. */
export const zenoParams = z.strictObject({
  /** b, candidates dropped per round (the lowest scores); needs b ≥ q to exclude every Byzantine one, and b < m. @default 0 */
  b: z.int().nonnegative().default(0),
  /** ρ, weight of the magnitude penalty. @default 0.0005 (the authors' ρ = γ/200 at γ = 0.1) */
  rho: z.number().nonnegative().default(0.0005),
  /** 'norm': ρ‖u‖² (paper); 'mean-square': ρ·mean(u²) = ρ‖u‖²/d (the authors' code). @default 'norm' */
  penalty: z.enum(['norm', 'mean-square']).default('norm'),
  /** n_r, server minibatch for f_r, drawn from the validation set each round. @default 32 */
  validationBatch: z.int().positive().default(32),
});

export type ZenoOptions = z.input<typeof zenoParams>;
export type ZenoParams = z.output<typeof zenoParams>;

/** Zeno's ranking rule once the losses are known; the losses themselves are pool jobs the server runs. */
export interface ZenoRule extends ZenoParams {
  readonly name: 'zeno';
  /** Stochastic descendant score f_r(x) − f_r(x − γu) − ρ‖u‖² (or ρ·mean(u²)). */
  score(lossBefore: number, lossAfter: number, u: Float32Array): number;
  /**
   * Averages into `out` the m − b candidates with the highest scores (ties: lower index first) and pushes their
   * indices, ascending, into `selected`. A non-finite score (a non-finite candidate, a diverged loss) ranks
   * last and is never kept, even when that leaves fewer than m − b; returns false, `out` untouched, when no
   * score is finite. `absent` senders known to be Byzantine sent nothing (omission): they reduce b to
   * b′ = max(0, b − absent), the f budget of every rule. Dropping the r non-finite candidates and keeping
   * min(m − r, m − b′) is the same as reducing b′ by r again, so they need no separate count. Throws a
   * PreconditionError unless b′ < m.
   */
  select(inputs: readonly Float32Array[], scores: readonly number[], out: Float32Array, selected: number[], absent?: number): boolean;
}

/**
 * Zeno: rank the round's candidates by a stochastic descendant score on a server minibatch and average the
 * m − b best. x ← x − γ·(1/(m−b)) Σ_{top m−b} u_i.
 * @see Xie, Koyejo, Gupta. Zeno: Distributed SGD with Suspicion-based Fault-tolerance. ICML 2019, §3 (Definition 1, Algorithm 1).
 */
export function zeno(options: ZenoOptions = {}, prefix = 'policy'): ZenoRule {
  const p = parseParams(zenoParams, options, prefix);
  return {
    name: 'zeno',
    ...p,
    score(lossBefore, lossAfter, u) {
      const sq = squaredNorm(u);
      return lossBefore - lossAfter - p.rho * (p.penalty === 'norm' ? sq : sq / u.length);
    },
    select(inputs, scores, out, selected, absent = 0) {
      const m = inputs.length;
      const b = reducedBudget(p.b, absent);
      // b = m would keep nothing (and `slice(-0)` keeps everything in the authors' code): refuse it.
      if (b >= m) {
        const after = absent === 0 ? '' : ` after ${absent} omitted, budget ${b}`;
        throw PreconditionError.at(`${prefix}.b`, `expected b < m (m = ${m} candidates${after}), got ${p.b}`);
      }
      const finite = Array.from({ length: m }, (_, i) => i).filter((i) => Number.isFinite(scores[i]));
      selected.length = 0;
      if (finite.length === 0) return false;
      const order = finite.sort((i, j) => scores[j] - scores[i] || i - j);
      const kept = order.slice(0, Math.min(finite.length, m - b)).sort((i, j) => i - j);
      // Per coordinate, a float64 sum over the kept candidates in index order.
      const inv = 1 / kept.length;
      for (let k = 0; k < out.length; k++) {
        let s = 0;
        for (const i of kept) s += inputs[i][k];
        out[k] = s * inv;
      }
      selected.push(...kept);
      return true;
    },
  };
}

/** The catalogue entry (`byzsim list`, config schema); the sync server runs the scoring itself. */
export const zenoEntry = {
  params: zenoParams,
  summary: 'Sync: scores f_r(x) − f_r(x − γu) − ρ‖u‖² on a server minibatch (pool jobs) and averages the m − b best; b < m.',
  citation: 'Xie, Koyejo, Gupta. Zeno: Distributed SGD with Suspicion-based Fault-tolerance. ICML 2019, PMLR 97:6893-6901.',
};
