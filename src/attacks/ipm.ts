import { z } from 'zod';
import { parseParams } from '../core/zod-issues.js';
import { defineAttack, type Attack } from './attack.js';
import { knownGradients } from './round.js';

/** Parameters of {@link ipm}. */
export const ipmParams = z.strictObject({
  /** ε > 0; 0.1 defeats Krum with 11 of 25 Byzantine (CC code), a large ε is needed against the median. @default 0.1 */
  epsilon: z.number().gt(0).default(0.1),
});

/** IPM parameters as written by a user. */
export type IpmOptions = z.input<typeof ipmParams>;

/**
 * Inner Product Manipulation: out = −ε · (1/|R|) Σ_{g ∈ R} g, R = every entry of `ctx.round`, i.e. the honest
 * gradients of all waited-for workers, the Byzantine workers' own honest gradients included (omniscient).
 * Every Byzantine worker sends the same vector. In async mode (no round) R = {g_own}: out = −ε·g_own, a
 * non-omniscient IPM that equals sign-flip with scale ε. The mean accumulates in float64. ALGORITHMS.md §4.3.
 * @see Xie, Koyejo, Gupta. Fall of Empires: Breaking Byzantine-tolerant SGD by Inner Product Manipulation. UAI 2019.
 */
export function ipm(options: IpmOptions = {}): Attack {
  const { epsilon } = parseParams(ipmParams, options, 'byzantine.attack');
  return defineAttack('ipm', false, (honest, out, ctx) => {
    const rows = knownGradients('ipm', honest, ctx);
    const scale = -epsilon / rows.length;
    for (let j = 0; j < out.length; j++) {
      let s = 0;
      for (let k = 0; k < rows.length; k++) s += rows[k][j];
      out[j] = scale * s;
    }
  });
}
