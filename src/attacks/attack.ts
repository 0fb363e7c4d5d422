/**
 * What a Byzantine worker sends. Attacks are pure functions of the worker's honest gradient and their
 * parameters; they never import the scheduler or the pool (DESIGN.md, dependency direction).
 */
import { requireSameLength } from '../core/vectors.js';

/** A Byzantine behaviour. */
export interface Attack {
  readonly name: string;
  /** Data-level attacks make the worker train on flipped labels instead of crafting a vector. */
  readonly flipsLabels: boolean;
  /** Writes the Byzantine vector into out from the worker's honest gradient. Never mutates honest. */
  craft(honest: Float32Array, out: Float32Array): void;
}

/**
 * Turns a crafting kernel into an Attack whose `craft` checks lengths once, so no attack repeats the
 * precondition. `write` may assume `out.length === honest.length`.
 */
export function defineAttack(name: string, flipsLabels: boolean, write: (honest: Float32Array, out: Float32Array) => void): Attack {
  return {
    name,
    flipsLabels,
    craft(honest, out) {
      requireSameLength(honest, out, `${name}.craft`);
      write(honest, out);
    },
  };
}
