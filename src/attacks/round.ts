import type { AttackContext } from './attack.js';

/**
 * The honest gradients an omniscient attack may use. Sync mode: the non-Byzantine entries of `ctx.round`
 * (IPM's and ALIE's μ and σ are statistics of the correct workers; the centered-clipping authors' attack code
 * also takes them over the good workers only); when `ctx.roundByzantine` is not given, or marks every entry
 * Byzantine, every entry (there is nothing better to estimate from). Each entry is checked to have the honest
 * gradient's length. Async mode (no round): the true gradient at the pulled model when the attack is
 * omniscient and asked for it (`ctx.trueGradient`), else `[honest]`. Throws a RangeError on an empty round or
 * a length mismatch (programming errors of the caller).
 */
export function knownGradients(name: string, honest: Float32Array, ctx: AttackContext): readonly Float32Array[] {
  const round = ctx.round;
  if (round === undefined) return [ctx.trueGradient ?? honest];
  if (round.length === 0) throw new RangeError(`${name}.craft: ctx.round is empty`);
  for (let k = 0; k < round.length; k++) {
    if (round[k].length !== honest.length) throw new RangeError(`${name}.craft: ctx.round[${k}] has length ${round[k].length}, expected ${honest.length}`);
  }
  const byz = ctx.roundByzantine;
  if (byz === undefined) return round;
  if (byz.length !== round.length) throw new RangeError(`${name}.craft: ctx.roundByzantine has length ${byz.length}, expected ${round.length} (|ctx.round|)`);
  const correct = round.filter((_, k) => !byz[k]);
  return correct.length > 0 ? correct : round;
}
