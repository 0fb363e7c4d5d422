import { z } from 'zod';
import { copyInto } from '../engine/vectors.js';
import { parseParams } from '../core/zod-issues.js';
import { defineAttack, type Attack } from './attack.js';

export const delayParams = z.strictObject({
  /** 'fastest': newest model, arrives a tick later (floods the server); 'slowest': maximally stale. @default 'slowest' */
  latency: z.enum(['fastest', 'slowest']).default('slowest'),
  /** 'slowest' multiplies the worker's sampled delay by this. @default 10 */
  factor: z.number().min(1).default(10),
});

export type DelayOptions = z.input<typeof delayParams>;

/**
 * Timing attack (async mode): the Byzantine worker sends its honest gradient but chooses its own latency.
 * 'fastest' computes on the newest model and arrives one tick later, so it keeps pulling and floods the
 * server; 'slowest' computes on the oldest model the timing model keeps (bounded: maxDelay versions back) and
 * multiplies its delay by `factor`, so its gradients are as stale as possible when they land. Sync rounds
 * wait for everyone, so the attack changes nothing there beyond straggling.
 * @see Damaskinos, El Mhamdi, Guerraoui, Patra, Taziki. Asynchronous Byzantine Machine Learning (the case of SGD). ICML 2018 (staleness as a threat).
 */
export function delay(options: DelayOptions = {}): Attack {
  const { latency, factor } = parseParams(delayParams, options, 'byzantine.attack');
  return defineAttack('delay', (honest, out) => copyInto(out, honest), [{ on: 'timing', latency, factor }]);
}
