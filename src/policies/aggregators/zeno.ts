import { z } from 'zod';
import { PreconditionError } from '../../core/errors.js';
import { parseParams } from '../../core/zod-issues.js';
import { allFinite, sgdStep, squaredNorm } from '../../engine/vectors.js';
import { defineAggregator, type AggregateContext, type Aggregator } from './aggregator.js';
import { reducedBudget } from './precondition.js';
import type { RoundJobs } from './round-jobs.js';

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

/**
 * Zeno as a synchronous aggregator: `assess` asks the pool for the losses and scores the round's candidates,
 * `aggregate` ranks them by those scores (`context.scores`), and `score` and `select` are the two halves.
 */
export interface ZenoRule extends ZenoParams, Aggregator {
  readonly name: 'zeno';
  /**
   * The round's scores as pool jobs: on one fresh server minibatch of n_r validation samples, f_r at x and at
   * each trial step x − γu_i (a finite candidate's; a non-finite one gets no job and a NaN score). The m + 1
   * jobs run in parallel on the pool.
   */
  assess(candidates: readonly Float32Array[], jobs: RoundJobs): Promise<AggregateContext>;
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
  const score = (lossBefore: number, lossAfter: number, u: Float32Array) => {
    const sq = squaredNorm(u);
    return lossBefore - lossAfter - p.rho * (p.penalty === 'norm' ? sq : sq / u.length);
  };
  const assess = (candidates: readonly Float32Array[], jobs: RoundJobs): Promise<AggregateContext> => {
    const indices = jobs.validationBatch('zeno-batch', p.validationBatch);
    const loss = (params: Float32Array) => jobs.loss(params, indices);
    const trials = candidates.map((u) => {
      if (!allFinite(u)) return undefined;
      const t = jobs.scratch();
      sgdStep(t, jobs.params, jobs.lr, u, 0);
      return t;
    });
    return Promise.all([loss(jobs.params), ...trials.map((t) => (t ? loss(t) : Promise.resolve(Number.NaN)))]).then(([before, ...after]) => ({
      scores: candidates.map((u, i) => (Number.isNaN(after[i]) ? Number.NaN : score(before, after[i], u))),
    }));
  };
  // b = m would keep nothing (and `slice(-0)` keeps everything in the authors' code): refuse it.
  const requireBelow = (m: number, absent: number) => {
    const b = reducedBudget(p.b, absent);
    if (b < m) return;
    const after = absent === 0 ? '' : ` after ${absent} omitted, budget ${b}`;
    throw PreconditionError.at(`${prefix}.b`, `expected b < m (m = ${m} candidates${after}), got ${p.b}`);
  };
  const select: ZenoRule['select'] = (inputs, scores, out, selected, absent = 0) => {
    const m = inputs.length;
    requireBelow(m, absent);
    const b = reducedBudget(p.b, absent);
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
  };
  const rule = defineAggregator(
    {
      name: 'zeno',
      // The inputs' screening drops non-finite candidates and reduces b by them and the absent senders, which
      // keeps min(m − r, m − b′) as select does on all m (see `select`); select's own check sees the m inputs.
      budget: p.b,
      requirements: [],
      assess,
      combine(rows, out, selected, context) {
        const scores = context.scores;
        if (scores === undefined || scores.length !== rows.length) {
          throw new RangeError(`zeno: needs context.scores, one per input, as its assess step computes them; got ${scores === undefined ? 'none' : scores.length}`);
        }
        // b < m on all m candidates (the non-finite ones included), as `select` checks it.
        const absent = context.absent ?? 0;
        const m = rows.length + context.known - absent;
        requireBelow(m, absent);
        if (!select(rows, scores, out, selected, context.known)) throw PreconditionError.at(prefix, `expected at least one finite score, got none of ${m} (non-finite candidates or losses)`);
      },
    },
    prefix,
  );
  return { ...rule, ...p, name: 'zeno', score, select, assess };
}
