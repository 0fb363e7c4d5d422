import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { parseParams } from '../core/zod-issues.js';
import { defineAttack, type Attack } from './attack.js';
import { needsRoundIssues, type AttackSetup } from './attack-setup.js';
import { normalQuantile } from './normal-quantile.js';
import { bestScale, omniscience, roundMemo } from './line-search.js';
import { knownGradients } from './round.js';

/** The default candidate z of z = 'optimal': 0, 0.25, …, 5 (21 values, linear). */
export const ALIE_DEFAULT_GRID: readonly number[] = Object.freeze(Array.from({ length: 21 }, (_, k) => k * 0.25));

/** Parameters of {@link alie}. */
export const alieParams = z
  .strictObject({
    /**
     * z, the number of standard deviations; 'auto' for z_max(n, m) (needs `byzantine`); 'optimal' to search
     * `grid` against the defence each round (see {@link alie}). @default 'auto'
     */
    z: z.union([z.number(), z.literal('auto'), z.literal('optimal')]).default('auto'),
    /**
     * m, the number of Byzantine workers for z = 'auto' (and the fallback of z = 'optimal'). @default the round's
     * Byzantine count, count(ctx.roundByzantine): byzantine.count with a fixed assignment when no straggler is dropped
     */
    byzantine: z.int().min(0).optional(),
    /** n, the number of workers, for z_max only. @default the length of ctx.round */
    workers: z.int().min(1).optional(),
    /** σ estimator: 'population' (÷k, the authors' `np.var`) or 'sample' (÷(k − 1), CC's `torch.std`). @default 'population' */
    sigma: z.enum(['population', 'sample']).default('population'),
    /** '-' sends μ − zσ (the paper); '+' sends μ + zσ (byzfl). @default '-' */
    sign: z.enum(['-', '+']).default('-'),
    /** The candidate z of z = 'optimal'; not allowed otherwise. @default {@link ALIE_DEFAULT_GRID} */
    grid: z.array(z.number()).min(1).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.grid !== undefined && p.z !== 'optimal') {
      ctx.addIssue({ code: 'custom', path: ['grid'], message: `grid is used only with z = 'optimal', got z = ${JSON.stringify(p.z)}` });
    }
  });

/** ALIE parameters as written by a user. */
export type AlieOptions = z.input<typeof alieParams>;

/**
 * z_max = Φ⁻¹((n − m − s)/(n − m)) with s = ⌊n/2 + 1⌋ − m supporters (epfml `alittle.py`). Throws a
 * ConfigError (path `byzantine.attack.byzantine`) unless 0 < (n − m − s)/(n − m) < 1, i.e. unless n ≥ 3 and
 * m ≤ ⌊n/2⌋ (else z_max is ±∞ or undefined).
 */
export function alieZMax(n: number, m: number): number {
  const s = Math.floor(n / 2 + 1) - m;
  const p = (n - m - s) / (n - m);
  if (!(m < n && p > 0 && p < 1)) {
    throw ConfigError.at('byzantine.attack.byzantine', `z = 'auto' needs 0 < (n − m − s)/(n − m) < 1, s = ⌊n/2 + 1⌋ − m (n = ${n}), got m = ${m}`);
  }
  return normalQuantile(p);
}

/**
 * A Little Is Enough: per coordinate j, out_j = μ_j − z·σ_j ('+' with sign '+'), μ and σ the mean and
 * standard deviation over R = the non-Byzantine entries of `ctx.round` (omniscient, as the CC code's
 * `alittle.py`, which takes them over the good workers; the authors' code uses only the Byzantine workers' own
 * gradients). z = 'auto' uses z_max(n, m) with n = `workers` or |ctx.round| and m = `byzantine` or the
 * round's Byzantine count. In async mode R = {g_own}, so σ = 0 and out = g_own whatever z (z is then not computed);
 * a run refuses such a config before any work ({@link alieIssues}).
 * With 'sample' and |R| = 1, σ = 0. Sums accumulate in float64. docs/rules.md, 'Attacks'.
 *
 * z = 'optimal' (line search, after Fang et al. 2020 and Shejwalkar & Houmansadr 2021; see line-search.ts):
 * each round, for every z of `grid`, the defence (`ctx.defence`, the attacker's private copy of the
 * server's rule) aggregates the round as it will see it — the honest entries of `ctx.round` plus the
 * q = count(roundByzantine) identical ALIE vectors — and the z minimising ⟨aggregate, μ_H⟩ (μ_H the honest
 * entries' mean; ties → the smaller z) is used. The result depends only on the round, roundByzantine, the
 * defence and the grid; it is computed once per round (memo by array identity) at a cost of |grid|
 * aggregate calls. Without `defence` (a Zeno server) or with no honest entry in the round, 'optimal' falls
 * back to the default z = 'auto': z_max(n, m) with n = `workers` or |ctx.round| and m = `byzantine` or
 * count(ctx.roundByzantine) (a ConfigError if neither is known); in async mode it sends g_own as above.
 * @see Baruch, Baruch, Goldberg. A Little Is Enough: Circumventing Defenses For Distributed Learning. NeurIPS 2019.
 */
export function alie(options: AlieOptions = {}): Attack {
  const p = parseParams(alieParams, options, 'byzantine.attack');
  // z_max is fixed at creation when both n and m are given (so a bad pair fails before any work), else per round.
  const fixedZ = p.z === 'auto' ? (p.workers === undefined || p.byzantine === undefined ? undefined : alieZMax(p.workers, p.byzantine)) : p.z;
  const grid = p.grid ?? ALIE_DEFAULT_GRID;
  const sgn = p.sign === '-' ? -1 : 1;
  const memo = roundMemo();
  return defineAttack('alie', (honest, out, ctx) => {
    const rows = knownGradients('alie', honest, ctx);
    const k = rows.length;
    if (ctx.round === undefined) return void out.set(honest);
    const d = out.length;
    const mu = new Float64Array(d);
    const sigma = new Float64Array(d);
    const divisor = p.sigma === 'population' ? k : k - 1;
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let r = 0; r < k; r++) s += rows[r][j];
      mu[j] = s / k;
      let ss = 0;
      for (let r = 0; r < k; r++) ss += (rows[r][j] - mu[j]) * (rows[r][j] - mu[j]);
      sigma[j] = divisor > 0 ? Math.sqrt(ss / divisor) : 0;
    }
    const write = (z: number, v: Float32Array) => {
      for (let j = 0; j < d; j++) v[j] = mu[j] + sgn * z * sigma[j];
    };
    let z = fixedZ;
    if (z === 'optimal') {
      const known = omniscience('alie', ctx);
      z = known === undefined ? undefined : memo(known, () => bestScale(known, grid, write));
    }
    write(z ?? alieZMax(p.workers ?? ctx.round.length, byzantineCount(p.byzantine, ctx.roundByzantine)), out);
  });
}

/**
 * Where ALIE would do nothing or fail mid-run (docs/rules.md, "Where each attack acts"): it needs the round's
 * honest gradients (sync mode, omniscient knowledge; elsewhere it would send the worker's own gradient); z =
 * 'optimal' needs the attacker's copy of the rule (not zeno); and z_max(n, m), which z = 'auto' uses every round
 * and z = 'optimal' in a round without an honest entry, must exist for every round the run can have: n ≥ 3 and
 * m ≤ ⌊n/2⌋, with n = `workers` or the round's vectors and m = `byzantine` or its Byzantine vectors. Before this
 * check such a run stopped at the first round without a z_max (at once with 6 of 10 Byzantine, at a random round
 * under a Bernoulli assignment).
 */
export function alieIssues(p: z.output<typeof alieParams>, setup: AttackSetup): ConfigIssue[] {
  const round = needsRoundIssues('alie', 'sends μ − z·σ, computed', setup);
  if (round.length > 0) return round;
  if (p.z === 'optimal' && !setup.defence) {
    return [{ path: 'z', message: "z = 'optimal' searches z against the attacker's copy of the server's rule, which a rule with an assess step (zeno) does not give: every round would use z = 'auto'; give a number or 'auto'" }];
  }
  if (typeof p.z === 'number' || (p.workers !== undefined && p.byzantine !== undefined && p.z === 'auto')) return [];
  const { size, minSize, maxByzantine } = setup.round;
  for (let n = minSize; n <= size; n++) {
    // 'auto': every round with a Byzantine vector; 'optimal': only rounds without an honest one fall back to z_max.
    for (let m = p.z === 'auto' ? 1 : n; m <= Math.min(n, maxByzantine); m++) {
      const [nUsed, mUsed] = [p.workers ?? n, p.byzantine ?? m];
      if (nUsed >= 3 && mUsed <= Math.floor(nUsed / 2)) continue;
      const given = p.workers !== undefined ? 'n = byzantine.attack.workers' : p.byzantine !== undefined ? 'm = byzantine.attack.byzantine' : '';
      const source = setup.assignment === 'bernoulli' && p.byzantine === undefined ? '; under a Bernoulli assignment any number of them may be Byzantine' : '';
      return [
        {
          path: 'z',
          message:
            `z = ${JSON.stringify(p.z)} needs z_max(n, m) = Φ⁻¹((n − m − s)/(n − m)), s = ⌊n/2 + 1⌋ − m, which exists only for n ≥ 3 and m ≤ ⌊n/2⌋; ` +
            `a round of this run can have ${n} vectors of which ${m} Byzantine${source}, giving n = ${nUsed}, m = ${mUsed}${given ? ` (${given})` : ''}, and would stop the run: ` +
            'give a numeric z, or byzantine.attack.workers and byzantine.attack.byzantine (one z_max for every round), or fewer Byzantine workers',
        },
      ];
    }
  }
  return [];
}

/** m for z = 'auto' (and the fallback of z = 'optimal'): `byzantine`, else count(roundByzantine). */
function byzantineCount(byzantine: number | undefined, roundByzantine: readonly boolean[] | undefined): number {
  if (byzantine !== undefined) return byzantine;
  if (roundByzantine === undefined) {
    throw ConfigError.at('byzantine.attack.byzantine', "z = 'auto' needs m: expected an integer m >= 0 or ctx.roundByzantine, got neither");
  }
  return roundByzantine.filter(Boolean).length;
}
