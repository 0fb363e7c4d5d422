import { z } from 'zod';
import { parseParams } from '../core/zod-issues.js';
import { scaleInto } from '../engine/vectors.js';
import { defineAttack, type Attack, type AttackContext } from './attack.js';

export const kardamFloodParams = z.strictObject({
  /** Magnitude of the alternating vectors, as a multiple of the honest gradient. @default 10 */
  scale: z.number().positive().default(10),
  /** Also take the 'fastest' timing, so the Byzantine workers dominate the arrivals. @default true */
  flood: z.boolean().default(true),
});

export type KardamFloodOptions = z.input<typeof kardamFloodParams>;

/**
 * Against Kardam's bookkeeping: each Byzantine worker alternates out = (−1)^step · scale · g. Its consecutive
 * messages then differ by 2·scale·‖g‖ over a small model change, so the per-worker empirical Lipschitz values
 * Kardam records on every send are huge and the percentile of the per-worker maxima rises with them; the
 * sign-flipped half of the messages then passes the filter it inflated. With `flood`, the workers also pull
 * the newest model and arrive a tick later, so they send most of the gradients (the frequency side of
 * Kardam's assumptions). Measured with `npx tsx bench/robustness-scenarios.ts kardam-rank` (MNIST softmax, async,
 * 10 workers of which 3 Byzantine, bounded timing with maxDelay 10, lr 0.1, batch 32, seed 1, 1,500 arrivals),
 * Kardam 'java' (f = 3, default level): sign-flip ×10 → 83.3 % final accuracy, 12.4 % of the Byzantine gradients
 * accepted; kardam-flood → 42.3 %, 38.7 % (no attack: 90.6 %). Kardam 'paper' at its default level: 89.9 %, 2.2 %
 * and 25.7 %, 13.6 %. At a level without interpolation (docs/rules.md, Kardam) at most 2.7 % of either attack's
 * gradients get through.
 * @see Damaskinos, El Mhamdi, Guerraoui, Patra, Taziki. Asynchronous Byzantine Machine Learning (the case of SGD). ICML 2018 (the filter it targets; the attack is ours).
 */
export function kardamFlood(options: KardamFloodOptions = {}): Attack {
  const { scale, flood } = parseParams(kardamFloodParams, options, 'byzantine.attack');
  const write = (honest: Float32Array, out: Float32Array, ctx: AttackContext) => scaleInto(out, ctx.step % 2 === 0 ? scale : -scale, honest);
  return defineAttack('kardam-flood', write, flood ? [{ on: 'vector' }, { on: 'timing', latency: 'fastest', factor: 1 }] : [{ on: 'vector' }]);
}
