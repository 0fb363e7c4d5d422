import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { parseParams } from '../core/zod-issues.js';
import { defineAttack, type Attack } from './attack.js';
import { normalQuantile } from './normal-quantile.js';
import { knownGradients } from './round.js';

/** Parameters of {@link alie}. */
export const alieParams = z
  .strictObject({
    /** z, the number of standard deviations, or 'auto' for z_max(n, m) (needs `byzantine`). @default 'auto' */
    z: z.union([z.number(), z.literal('auto')]).default('auto'),
    /** m, the number of Byzantine workers; required when z = 'auto', unused otherwise. */
    byzantine: z.int().min(0).optional(),
    /** n, the number of workers, for z_max only. @default the length of ctx.round */
    workers: z.int().min(1).optional(),
    /** σ estimator: 'population' (÷k, the authors' `np.var`) or 'sample' (÷(k − 1), CC's `torch.std`). @default 'population' */
    sigma: z.enum(['population', 'sample']).default('population'),
    /** '-' sends μ − zσ (the paper); '+' sends μ + zσ (byzfl). @default '-' */
    sign: z.enum(['-', '+']).default('-'),
  })
  .superRefine((p, ctx) => {
    if (p.z === 'auto' && p.byzantine === undefined) {
      ctx.addIssue({ code: 'custom', path: ['byzantine'], message: "expected an integer m >= 0 (the Byzantine count) when z = 'auto', got nothing" });
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
 * standard deviation over R = every entry of `ctx.round` (omniscient, as the CC code; the authors' code
 * uses only the Byzantine workers' own gradients). z = 'auto' uses z_max(n, m) with n = `workers` or
 * |ctx.round|. In async mode R = {g_own}, so σ = 0 and out = g_own whatever z (z is then not computed).
 * With 'sample' and |R| = 1, σ = 0. Sums accumulate in float64. ALGORITHMS.md §4.4.
 * @see Baruch, Baruch, Goldberg. A Little Is Enough: Circumventing Defenses For Distributed Learning. NeurIPS 2019.
 */
export function alie(options: AlieOptions = {}): Attack {
  const p = parseParams(alieParams, options, 'byzantine.attack');
  const fixedZ = p.z === 'auto' ? (p.workers === undefined ? undefined : alieZMax(p.workers, p.byzantine!)) : p.z;
  const sgn = p.sign === '-' ? -1 : 1;
  return defineAttack('alie', false, (honest, out, ctx) => {
    const rows = knownGradients('alie', honest, ctx);
    const k = rows.length;
    if (ctx.round === undefined) return void out.set(honest);
    const z = fixedZ ?? alieZMax(k, p.byzantine!);
    const divisor = p.sigma === 'population' ? k : k - 1;
    for (let j = 0; j < out.length; j++) {
      let s = 0;
      for (let r = 0; r < k; r++) s += rows[r][j];
      const mu = s / k;
      let ss = 0;
      for (let r = 0; r < k; r++) ss += (rows[r][j] - mu) * (rows[r][j] - mu);
      const sigma = divisor > 0 ? Math.sqrt(ss / divisor) : 0;
      out[j] = mu + sgn * z * sigma;
    }
  });
}
