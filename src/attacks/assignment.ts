/**
 * Which arrivals are Byzantine. Two models (docs/design.md): a fixed set of q workers, or, as in the Zeno++
 * experiments (`random.randint(1, n) <= q` per minibatch), each arrival independently with probability
 * q/n whoever sent it, so q/n is the expected fraction of Byzantine gradients received.
 */
import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';

/** `fixed`: the same q workers always; `bernoulli`: each arrival is Byzantine with probability q/n. */
export type AssignmentMode = 'fixed' | 'bernoulli';
/** Which q workers are Byzantine under `fixed`: ids 0..q−1, or a seeded random choice. */
export type AssignmentPick = 'lowest' | 'random';

/** Answers "is this arrival Byzantine?"; a pure function of its arguments and the seed. */
export interface ByzantineAssignment {
  /** `worker` is the sender's id in [0, n); `arrival` is the server's arrival index (0, 1, 2, ...). */
  isByzantine(worker: number, arrival: number): boolean;
}

/**
 * Builds the assignment of `q` Byzantine out of `n` workers. `rng` is the run's RNG node; the draws use
 * `rng.fork('byzantine')`, so they never shift another consumer's stream. `pick` matters only for `fixed`.
 * Throws a ConfigError unless n ≥ 1 and 0 ≤ q ≤ n are integers.
 */
export function createAssignment(mode: AssignmentMode, pick: AssignmentPick, q: number, n: number, rng: Rng): ByzantineAssignment {
  if (!Number.isInteger(n) || n < 1) throw ConfigError.at('workers', `expected an integer >= 1, got ${n}`);
  if (!Number.isInteger(q) || q < 0 || q > n) throw ConfigError.at('byzantine.count', `expected an integer in [0, ${n}] (workers = ${n}), got ${q}`);
  const byz = rng.fork('byzantine');
  if (mode === 'bernoulli') {
    const p = q / n;
    // One stream per arrival index: the draw for arrival k does not depend on how many came before.
    // float() ∈ [0, 1), so q = n is always and q = 0 never Byzantine.
    return { isByzantine: (_worker, arrival) => byz.stream(arrival).float() < p };
  }
  const mask = new Uint8Array(n);
  if (pick === 'lowest') mask.fill(1, 0, q);
  else {
    const ids = byz.fork('fixed').stream(0).shuffle(Int32Array.from({ length: n }, (_, i) => i));
    for (let i = 0; i < q; i++) mask[ids[i]] = 1;
  }
  return {
    isByzantine(worker) {
      if (!Number.isInteger(worker) || worker < 0 || worker >= n) throw new RangeError(`worker id ${worker} outside [0, ${n})`);
      return mask[worker] === 1;
    },
  };
}
