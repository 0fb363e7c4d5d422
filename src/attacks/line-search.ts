/**
 * The "optimal" (line-search) variants of attacks with one scale parameter (IPM's ε, ALIE's z): try every
 * candidate scale of a grid against the attacker's copy of the defence and keep the most damaging one.
 *
 * The optimisation idea (craft with a parametrised direction, then search the scale that maximises damage
 * while the crafted vectors still pass the robust rule) comes from
 * @see Fang, Cao, Jia, Gong. Local Model Poisoning Attacks to Byzantine-Robust Federated Learning. USENIX Security 2020.
 * @see Shejwalkar, Houmansadr. Manipulating the Byzantine: Optimizing Model Poisoning Attacks and Defenses for Federated Learning. NDSS 2021.
 * Here damage is scored directly as ⟨aggregate, μ_H⟩ (μ_H the mean of the honest entries), which is the
 * goal of IPM (docs/rules.md, 'Attacks').
 */
import type { AttackContext } from './attack.js';

/** What a line search needs: all three are given in sync mode with omniscient knowledge (and a non-Zeno rule). */
export interface Omniscience {
  readonly round: readonly Float32Array[];
  readonly roundByzantine: readonly boolean[];
  readonly defence: { aggregate(inputs: readonly Float32Array[]): Float32Array };
}

/**
 * The knowledge a line search needs, or undefined when the context lacks `round`, `roundByzantine` or
 * `defence` (async mode, local knowledge, a Zeno server) or when the round has no honest entry (μ_H would be
 * undefined): callers then fall back to their default scale. Throws a RangeError when `roundByzantine` and
 * `round` differ in length (a programming error of the caller).
 */
export function omniscience(name: string, ctx: AttackContext): Omniscience | undefined {
  const { round, roundByzantine, defence } = ctx;
  if (round === undefined || roundByzantine === undefined || defence === undefined) return undefined;
  if (roundByzantine.length !== round.length) {
    throw new RangeError(`${name}.craft: ctx.roundByzantine has length ${roundByzantine.length}, expected ${round.length} (|ctx.round|)`);
  }
  return roundByzantine.includes(false) ? { round, roundByzantine, defence } : undefined;
}

/**
 * The grid scale whose crafted vector does the most damage: for each scale s, `craftAt(s, v)` writes the
 * Byzantine vector v, the defence aggregates the round as it will see it (honest entries of `round` in
 * place, every Byzantine entry replaced by the same v), and the damage score is ⟨aggregate, μ_H⟩ with
 * μ_H the mean of the honest entries (float64). The smallest score wins (most negative: the aggregate
 * points against the honest direction); ties go to the smaller scale, and a NaN score counts as +∞.
 * Costs |grid| aggregate calls. Never mutates `round`; `grid` must be non-empty.
 */
export function bestScale(k: Omniscience, grid: readonly number[], craftAt: (scale: number, out: Float32Array) => void): number {
  const { round, roundByzantine, defence } = k;
  const d = round[0].length;
  const mu = new Float64Array(d);
  let h = 0;
  for (let r = 0; r < round.length; r++) {
    if (roundByzantine[r]) continue;
    h++;
    for (let j = 0; j < d; j++) mu[j] += round[r][j];
  }
  for (let j = 0; j < d; j++) mu[j] /= h;
  const v = new Float32Array(d);
  const inputs = round.map((g, r) => (roundByzantine[r] ? v : g));
  let best = grid[0];
  let bestDamage = Infinity;
  for (const s of grid) {
    craftAt(s, v);
    const agg = defence.aggregate(inputs);
    let damage = 0;
    for (let j = 0; j < d; j++) damage += agg[j] * mu[j];
    if (Number.isNaN(damage)) damage = Infinity;
    if (damage < bestDamage || (damage === bestDamage && s < best)) {
      best = s;
      bestDamage = damage;
    }
  }
  return best;
}

/**
 * A one-slot memo of {@link bestScale} keyed by the identities of `round`, `roundByzantine` and `defence`:
 * the simulator builds fresh round arrays each round and hands the same ones to every Byzantine worker of
 * the round, so the search runs once per round, not once per Byzantine worker. (A caller that refills the
 * same arrays in place between calls would get a stale scale.)
 */
export function roundMemo(): (k: Omniscience, search: () => number) => number {
  let key: Omniscience | undefined;
  let value = 0;
  return (k, search) => {
    if (key === undefined || key.round !== k.round || key.roundByzantine !== k.roundByzantine || key.defence !== k.defence) {
      value = search();
      key = k;
    }
    return value;
  };
}
