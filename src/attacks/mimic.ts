import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { parseParams } from '../core/zod-issues.js';
import { defineAttack, type Attack } from './attack.js';

/** Parameters of {@link mimic}. */
export const mimicParams = z.strictObject({
  /** Index into the round (worker order) of the honest worker to copy; must be < n. @default 0 */
  target: z.int().min(0).default(0),
});

/** Mimic parameters as written by a user. */
export type MimicOptions = z.input<typeof mimicParams>;

/**
 * Mimic: every Byzantine worker sends out = g_target, the honest gradient of worker `target` in `ctx.round`,
 * over-weighting one worker's data (harmful under heterogeneity). In async mode (no round) it sends its own
 * honest gradient, i.e. behaves honestly. Throws a ConfigError when target ≥ the round's length.
 * @see Karimireddy, He, Jaggi. Byzantine-Robust Learning on Heterogeneous Datasets via Bucketing. ICLR 2022.
 */
export function mimic(options: MimicOptions = {}): Attack {
  const { target } = parseParams(mimicParams, options, 'byzantine.attack');
  return defineAttack('mimic', (honest, out, ctx) => {
    const round = ctx.round;
    if (round === undefined) return void out.set(honest);
    if (target >= round.length) throw ConfigError.at('byzantine.attack.target', `expected an integer < n (n = ${round.length}), got ${target}`);
    const g = round[target];
    if (g.length !== out.length) throw new RangeError(`mimic.craft: ctx.round[${target}] has length ${g.length}, expected ${out.length}`);
    out.set(g);
  });
}
