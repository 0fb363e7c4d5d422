/**
 * What a Byzantine worker sends. Attacks are pure functions of the worker's honest gradient and their
 * parameters; they never import the scheduler or the pool (docs/design.md, layers).
 */
import type { RandomStream } from '../core/rng.js';
import { requireSameLength } from '../engine/vectors.js';

/** What a Byzantine worker may use besides its own honest gradient. */
export interface AttackContext {
  /** Draws for this one Byzantine gradient, seeded by (seed, 'attack', worker, step): deterministic, independent. */
  readonly rng: RandomStream;
  /** The sending worker and its step counter (for attacks that keep per-worker state, such as replays). */
  readonly worker: number;
  readonly step: number;
  /**
   * Omniscient knowledge where the mode provides it: in sync mode, the honest gradients of every worker the
   * round waits for (Byzantine workers' own honest gradients included), in worker-id order; undefined in
   * async mode.
   */
  readonly round?: readonly Float32Array[];
  /**
   * Async mode with omniscient knowledge, for attacks that ask for it (`usesTrueGradient`): the gradient at the
   * model the worker pulled over a large sample of the whole training set (`byzantine.trueBatch`).
   */
  readonly trueGradient?: Float32Array;
  /** With `round`: which of its entries come from Byzantine workers (same order). */
  readonly roundByzantine?: readonly boolean[];
  /**
   * With `round`, for attacks that know the defence: a private copy of the server's synchronous aggregation
   * rule (its own instance, so an attacker's trial calls never touch the server's state).
   */
  readonly defence?: { aggregate(inputs: readonly Float32Array[]): Float32Array };
}

/** A Byzantine behaviour. */
export interface Attack {
  readonly name: string;
  /** Data-level attacks make the worker train on flipped labels instead of crafting a vector. */
  readonly flipsLabels: boolean;
  /** Omniscient in async mode: the worker also computes the true gradient at its model (an extra, larger job). */
  readonly usesTrueGradient?: boolean;
  /** Omission: the Byzantine gradient is never sent (nothing is computed; the server logs it as omitted). */
  readonly omits?: boolean;
  /**
   * Timing attacks choose their own latency (async mode): 'fastest' takes the newest model and arrives a tick
   * later; 'slowest' takes the oldest model the timing model allows and multiplies its delay by `factor`.
   */
  readonly timing?: { readonly latency: 'fastest' | 'slowest'; readonly factor: number };
  /** Writes the Byzantine vector into out from the worker's honest gradient. Never mutates honest or the context. */
  craft(honest: Float32Array, out: Float32Array, ctx: AttackContext): void;
}

/**
 * Turns a crafting kernel into an Attack whose `craft` checks lengths once, so no attack repeats the
 * precondition. `write` may assume `out.length === honest.length`.
 */
export function defineAttack(
  name: string,
  flipsLabels: boolean,
  write: (honest: Float32Array, out: Float32Array, ctx: AttackContext) => void,
): Attack {
  return {
    name,
    flipsLabels,
    craft(honest, out, ctx) {
      requireSameLength(honest, out, `${name}.craft`);
      write(honest, out, ctx);
    },
  };
}
