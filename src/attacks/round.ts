import type { AttackContext } from './attack.js';

/**
 * The honest gradients an omniscient attack may use: `ctx.round` (sync mode), each checked to have the
 * honest gradient's length; with no round (async mode) the true gradient at the pulled model when the
 * attack is omniscient and asked for it (`ctx.trueGradient`), else `[honest]`. Throws a RangeError on
 * an empty round or a length mismatch (programming errors of the caller).
 */
export function knownGradients(name: string, honest: Float32Array, ctx: AttackContext): readonly Float32Array[] {
  const round = ctx.round;
  if (round === undefined) return [ctx.trueGradient ?? honest];
  if (round.length === 0) throw new RangeError(`${name}.craft: ctx.round is empty`);
  for (let k = 0; k < round.length; k++) {
    if (round[k].length !== honest.length) throw new RangeError(`${name}.craft: ctx.round[${k}] has length ${round[k].length}, expected ${honest.length}`);
  }
  return round;
}
