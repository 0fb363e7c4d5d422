import { z } from 'zod';
import { parseParams } from '../core/zod-issues.js';
import { defineAttack, type Attack } from './attack.js';

/** Parameters of {@link staleReplay}. */
export const staleReplayParams = z.strictObject({
  /** L ≥ 1, how many of the worker's own steps back the replayed gradient is (its extra staleness). @default 10 */
  lag: z.int().min(1).default(10),
});

/** Stale-replay parameters as written by a user. */
export type StaleReplayOptions = z.input<typeof staleReplayParams>;

/** One worker's history: slot s mod (L + 1) holds the honest gradient of step s, or nothing (step −1). */
interface History {
  readonly grads: Float32Array[];
  readonly steps: Float64Array;
}

/**
 * Stale replay (an asynchronous threat): worker w, at its step t = ctx.step, records its honest gradient g_t
 * and sends
 *
 *   out = g_s,   s = min{ s' ∈ [t − L, t] : g_{s'} was recorded for w }
 *
 * i.e. g_{t−L} when recorded, else the oldest recorded gradient of w at most L steps old, else (nothing
 * earlier recorded) g_t itself, the honest gradient. Staleness added is thus at most L of w's steps.
 *
 * Only gradients passed to `craft` are recorded, and the simulator calls `craft` only for Byzantine arrivals:
 * with a fixed Byzantine set (after `startAfter`) that is every step of w, so from w's first Byzantine step
 * t₀ on it sends g_{t₀}, g_{t₀}, … (the oldest available) until t ≥ t₀ + L, then exactly g_{t−L}; with
 * Bernoulli assignment the history holds w's Byzantine steps only (keyed by ctx.step), so g_{t−L} is replayed
 * only when step t − L was Byzantine too, else the oldest recorded one in the window.
 *
 * State: per worker (ctx.worker), a ring of L + 1 Float32Arrays allocated on that worker's first call
 * (lengths must then stay fixed); steps of one worker are expected to increase, as the simulator's do. The
 * instance is stateful: use one per run. Deterministic (no draws); never mutates the honest gradient.
 * @see Damaskinos, El Mhamdi, Guerraoui, Patra, Taziki. Asynchronous Byzantine Machine Learning (the case of SGD). ICML 2018 (the staleness threat; this replay is our construction).
 */
export function staleReplay(options: StaleReplayOptions = {}): Attack {
  const { lag } = parseParams(staleReplayParams, options, 'byzantine.attack');
  const size = lag + 1;
  const histories = new Map<number, History>();
  return defineAttack('stale-replay', (honest, out, ctx) => {
    const { worker, step } = ctx;
    if (!Number.isInteger(step) || step < 0) throw new RangeError(`stale-replay.craft: expected an integer step >= 0, got ${step}`);
    let h = histories.get(worker);
    if (h === undefined) {
      h = { grads: Array.from({ length: size }, () => new Float32Array(honest.length)), steps: new Float64Array(size).fill(-1) };
      histories.set(worker, h);
    }
    if (h.grads[0].length !== honest.length) {
      throw new RangeError(`stale-replay.craft: worker ${worker} gradient has length ${honest.length}, expected ${h.grads[0].length}`);
    }
    // Steps t − L … t map to distinct slots, so recording g_t never evicts a step of the window.
    const here = step % size;
    h.grads[here].set(honest);
    h.steps[here] = step;
    for (let s = Math.max(0, step - lag); s <= step; s++) {
      if (h.steps[s % size] === s) return void out.set(h.grads[s % size]);
    }
  });
}
