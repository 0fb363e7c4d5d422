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
   * Async mode with omniscient knowledge, for attacks that ask for it (a 'vector' action with `knowledge: 'true-gradient'`): the gradient at the
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

/**
 * One place where an attack acts; every place it does not name stays honest. Read in one way by the worker
 * (data, timing, omission, and whether to compute a true gradient) and by the server (vector).
 */
export type AttackAction =
  /** The worker trains on altered data (labels flipped, y → C − 1 − y) and sends what it computed. */
  | { readonly on: 'data'; readonly labels: 'flip' }
  /**
   * The server replaces the worker's vector by `craft`'s. With `knowledge: 'true-gradient'` (async mode,
   * omniscient knowledge) the worker also computes the true gradient at its model for `craft` (an extra,
   * larger job); in sync mode with omniscient knowledge `craft` sees the round's honest vectors.
   */
  | { readonly on: 'vector'; readonly knowledge?: 'true-gradient' }
  /**
   * The worker chooses its own model and latency (async mode): 'fastest' takes the newest model and arrives a
   * tick later; 'slowest' takes the oldest model the timing model allows and multiplies its delay by `factor`.
   */
  | { readonly on: 'timing'; readonly latency: 'fastest' | 'slowest'; readonly factor: number }
  /** Nothing is computed or sent; the server logs the slot as omitted. */
  | { readonly on: 'omission' };

/** Where an attack can act. */
export type AttackPlace = AttackAction['on'];

/** A Byzantine behaviour. */
export interface Attack {
  readonly name: string;
  /** Where it acts (at most one action per place); empty: it behaves honestly. */
  readonly acts: readonly AttackAction[];
  /**
   * Writes the Byzantine vector into out from the worker's honest gradient; the server uses it when `acts`
   * has a 'vector' action (it copies, or does nothing useful, otherwise). Never mutates honest or the context.
   */
  craft(honest: Float32Array, out: Float32Array, ctx: AttackContext): void;
}

/** The attack's action at `place`, if it acts there. */
export function actionOf<P extends AttackPlace>(attack: Pick<Attack, 'acts'>, place: P): Extract<AttackAction, { on: P }> | undefined {
  return attack.acts.find((a): a is Extract<AttackAction, { on: P }> => a.on === place);
}

/**
 * Turns a crafting kernel into an Attack whose `craft` checks lengths once, so no attack repeats the
 * precondition. `write` may assume `out.length === honest.length`. By default the attack acts on the vector
 * only; pass `acts` for one that acts elsewhere (or also elsewhere).
 */
export function defineAttack(
  name: string,
  write: (honest: Float32Array, out: Float32Array, ctx: AttackContext) => void,
  acts: readonly AttackAction[] = [{ on: 'vector' }],
): Attack {
  const places = acts.map((a) => a.on);
  if (new Set(places).size !== places.length) throw new Error(`attack ${name}: at most one action per place, got ${places.join(', ')}`);
  if (places.includes('omission') && places.length > 1) throw new Error(`attack ${name}: an omission sends nothing, so it acts nowhere else; got ${places.join(', ')}`);
  return {
    name,
    acts,
    craft(honest, out, ctx) {
      requireSameLength(honest, out, `${name}.craft`);
      write(honest, out, ctx);
    },
  };
}
