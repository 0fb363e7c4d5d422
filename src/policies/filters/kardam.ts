import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import { copyInto, scaleInto } from '../../engine/vectors.js';
import { parseParams } from '../../core/zod-issues.js';
import { dampeningFactor, dampeningParams } from './dampening.js';
import { defineFilter, type AsyncFilter } from './filter.js';
import { FrequencyFilter } from './kardam-frequency.js';
import { JAVA_QUANTILE, kardamJava } from './kardam-java.js';
import { kardamPaper } from './kardam-paper.js';
import type { KardamRule, KardamSettings } from './kardam-rule.js';
import { kardamZenoBaseline } from './kardam-zeno-baseline.js';

/** 'auto' (the variant's default, resolved once n is known) or a value of `schema`. */
function autoOr<T extends z.ZodType>(schema: T, expected: string) {
  return z.union([z.literal('auto'), schema], { error: `expected ${expected} or "auto"` }).default('auto');
}

/**
 * Parameters of Kardam. The three variants are the three sources of docs/rules.md, 'Kardam's three sources' (their
 * disagreements are options); 'auto' picks the variant's own value, given per field.
 */
export const kardamParams = z.strictObject({
  /**
   * 'java' (the authors' template), 'paper' (the paper's check as recalled, on the template's per-worker
   * bookkeeping over all arrivals) or 'zeno-baseline' (the Zeno++ code). 'java' is the default: it is read from
   * the authors' code. 'zeno-baseline', whose table holds only accepted gradients, ratchets its threshold down
   * until it rejects nearly every gradient on MNIST.
   * @default 'java'
   */
  variant: z.enum(['paper', 'java', 'zeno-baseline']).default('java'),
  /** Byzantine workers tolerated; requires f < n/3. Sets the level q = (n − f)/n ('paper', 'zeno-baseline'). @default 0 */
  f: z.int().min(0).default(0),
  /** Lipschitz values kept: 1 per worker ('paper': each worker's latest), 26 per worker ('java'), 2n ('zeno-baseline'). @default 'auto' */
  window: autoOr(z.int().min(1), 'an integer >= 1'),
  /**
   * Percentile definition: 'auto' is each source's interpolating one, 'linear' (NumPy) for 'paper' and
   * 'zeno-baseline', 'legacy' (commons-math) for 'java'. 'nearest-rank' ('paper', 'java') takes the order
   * statistic of rank ⌈q·N⌉ without interpolation: at the default level the (n − f)-th smallest of n per-worker
   * values for 'paper', the ⌈2n/3⌉-th ('java'; the 7th of 10), never above the largest honest one when at most f
   * workers are Byzantine (docs/rules.md, 'Why an attack makes Kardam accept more honest gradients').
   * @default 'auto'
   */
  // 'nearest-rank' follows no source: our construction (docs/rules.md); the authors' code uses the linear (LEGACY) estimator.
  percentile: z.enum(['auto', 'linear', 'legacy', 'nearest-rank']).default('auto'),
  /** Level q of the threshold percentile: (n − f)/n, or (200/3)/100 for 'java'. @default 'auto' */
  quantile: autoOr(z.number().gt(0).max(1), 'a number in (0, 1]'),
  /** Multiplier of the threshold: 1.1 for 'zeno-baseline' (only the Zeno++ CIFAR code has it), else 1. @default 'auto' */
  slack: autoOr(z.number().gt(0), 'a number > 0'),
  /**
   * When the model distance dividing k is 0 (k undefined): 'reject', 'accept' the candidate untested, or
   * ('paper' only) 'current': divide by ‖x_current − x_applied‖ as the template's check does. @default 'auto'
   * ('current' for 'paper', 'reject' for the others)
   */
  zeroDistance: z.enum(['auto', 'reject', 'accept', 'current']).default('auto'),
  /**
   * Which value a full per-worker list drops ('java', 'paper'): 'smallest', as the template's in-place sort
   * makes its `remove(0)` do, or 'oldest'. @default 'auto' ('smallest' for 'java', 'oldest' for 'paper')
   */
  eviction: z.enum(['auto', 'smallest', 'oldest']).default('auto'),
  /**
   * The frequency filter: at most `max` of the last `window` accepted gradients (the candidate counted) from one
   * worker, asked after the Lipschitz test passes; `true` means max = f, window = 2f + 1 (a worker already holding
   * f of the last 2f accepted is refused; needs f ≥ 1), the form of bacox/Catalyst's `frequency_check`. The paper's
   * own statement could not be read (unverified). Off by default: the authors' template has none.
   * @default false
   */
  frequency: z.union([z.boolean(), z.strictObject({ window: z.int().min(1), max: z.int().min(1) })]).default(false),
  ...dampeningParams,
});

/** Kardam parameters as written by a user (every field optional). */
export type KardamOptions = z.input<typeof kardamParams>;
/** Kardam parameters with defaults filled in. */
export type KardamParams = z.output<typeof kardamParams>;
/** A Kardam variant's name. */
export type KardamVariant = KardamParams['variant'];

const variants: Record<KardamVariant, (s: KardamSettings) => KardamRule> = {
  paper: kardamPaper,
  java: kardamJava,
  'zeno-baseline': kardamZenoBaseline,
};

/** The variant's settings for n workers, every 'auto' resolved. */
export function kardamSettings(p: KardamParams, n: number): KardamSettings {
  const java = p.variant === 'java';
  const zeno = p.variant === 'zeno-baseline';
  return {
    n,
    window: p.window !== 'auto' ? p.window : java ? 26 : zeno ? 2 * n : 1,
    quantile: p.quantile !== 'auto' ? p.quantile : java ? JAVA_QUANTILE : (n - p.f) / n,
    percentile: p.percentile !== 'auto' ? p.percentile : java ? 'legacy' : 'linear',
    slack: p.slack !== 'auto' ? p.slack : zeno ? 1.1 : 1,
    zeroDistance: p.zeroDistance !== 'auto' ? p.zeroDistance : p.variant === 'paper' ? 'current' : 'reject',
    eviction: p.eviction !== 'auto' ? p.eviction : java ? 'smallest' : 'oldest',
  };
}

/**
 * Kardam: a Lipschitz filter on each asynchronous gradient, then staleness dampening of the accepted ones.
 *
 *   k = ‖g − g′‖ / ‖x − x′‖   (an empirical Lipschitz coefficient; which pair (g′, x′) depends on the variant)
 *   accept iff k ≤ slack · P_q(recent Lipschitz values);   then d = Λ(τ)·g, so x ← x − γ_t·Λ(τ)·g
 *
 * See {@link kardamPaper}, {@link kardamJava} and {@link kardamZenoBaseline} for each variant's pair, table,
 * warm-up and zero-distance conventions, and {@link dampeningFactor} for Λ. Score: k, NaN when not computed;
 * a failed test is rejected with reason 'score'. The optional frequency filter (`frequency`, see {@link FrequencyFilter}) then
 * refuses a worker that already holds f of the last 2f accepted gradients (reason 'frequency'). Throws a ConfigError unless f < n/3 (n = `setup.workers`).
 * @see Damaskinos, El Mhamdi, Guerraoui, Patra, Taziki. Asynchronous Byzantine Machine Learning (the case of SGD). ICML 2018, PMLR 80:1145-1154.
 */
export function kardam(options: KardamOptions = {}, setup: { readonly workers: number } = { workers: 1 }): AsyncFilter {
  const p = parseParams(kardamParams, options, 'policy');
  const n = setup.workers;
  // 3f < n in integers: f < n/3 without a rounded division.
  if (!(3 * p.f < n)) throw ConfigError.at('policy.f', `expected f < n/3 (n = ${n}), got ${p.f}`);
  if (p.zeroDistance === 'current' && p.variant !== 'paper') throw ConfigError.at('policy.zeroDistance', `expected "reject" or "accept" for variant "${p.variant}" ("current" is the 'paper' variant's), got "current"`);
  if (p.eviction !== 'auto' && p.variant === 'zeno-baseline') throw ConfigError.at('policy.eviction', `expected "auto" for variant "zeno-baseline" (its window is the Zeno++ code's FIFO), got "${p.eviction}"`);
  // 'nearest-rank' bounds the threshold by the honest values only when the table holds one value per worker.
  if (p.percentile === 'nearest-rank' && p.variant === 'zeno-baseline') throw ConfigError.at('policy.percentile', `expected "auto", "linear" or "legacy" for variant "zeno-baseline" (its table holds accepted candidates' k, not one value per worker, so the rank argument of "nearest-rank" does not hold), got "nearest-rank"`);
  const rule = variants[p.variant](kardamSettings(p, n));
  if (p.frequency === true && p.f < 1) throw ConfigError.at('policy.frequency', 'expected f >= 1 for the default frequency filter (a worker holding f of the last 2f accepted is refused), got f = 0; set policy.f or give { window, max }');
  // `true`: a worker already holding f of the last 2f accepted is refused, i.e. with the candidate at most f of the last 2f + 1.
  const frequency = p.frequency === false ? undefined : p.frequency === true ? new FrequencyFilter(2 * p.f + 1, p.f) : new FrequencyFilter(p.frequency.window, p.frequency.max);
  return defineFilter({
    name: 'kardam',
    refreshEvery: 0,
    validationBatch: 0,
    judge(g, ctx, out) {
      // The frequency filter is asked only once the Lipschitz test passes, as in the one implementation of it we
      // found (bacox/Catalyst, asyncfl/kardam.py): the arrival's Lipschitz bookkeeping happens either way.
      const decision = rule.judge(g, ctx, frequency && (() => frequency.admits(ctx.worker)));
      if (decision.accepted) {
        frequency?.record(ctx.worker);
        const lambda = dampeningFactor(p.dampening, p.alpha, ctx.staleness);
        if (lambda === 1) copyInto(out, g);
        else scaleInto(out, lambda, g);
      }
      return decision;
    },
  });
}
