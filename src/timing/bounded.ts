import { z } from 'zod';
import type { RandomStream } from '../core/rng.js';
import type { TimingEntry } from './timing.js';

/** `bounded` parameters. */
export const boundedParams = z.strictObject({
  /** Largest staleness, in model versions. @default 10 */
  maxDelay: z.int().nonnegative().default(10),
});

/**
 * The model version an arrival is computed on under `bounded` timing: uniform over
 * max(oldestKeptVersion, latestVersion − maxDelay) … latestVersion, i.e. the last `maxDelay + 1` stored
 * versions, or all stored versions while fewer exist (as in the Zeno++ authors' simulation).
 */
export function pickBoundedVersion(stream: RandomStream, latestVersion: number, oldestKeptVersion: number, maxDelay: number): number {
  if (!(Number.isSafeInteger(latestVersion) && Number.isSafeInteger(oldestKeptVersion) && oldestKeptVersion <= latestVersion)) {
    throw new RangeError(`expected integer versions with oldestKept ≤ latest, got oldestKept ${oldestKeptVersion}, latest ${latestVersion}`);
  }
  if (!(Number.isSafeInteger(maxDelay) && maxDelay >= 0)) throw new RangeError(`maxDelay must be an integer ≥ 0, got ${maxDelay}`);
  return stream.int(Math.max(oldestKeptVersion, latestVersion - maxDelay), latestVersion);
}

/**
 * `bounded` (the Zeno++ experiments): arrivals come one per tick from the workers in turn, and each is
 * computed on a model drawn uniformly from the last `maxDelay + 1` versions (all of them while fewer exist),
 * so staleness is uniform on 0..maxDelay. In a synchronous round everyone computes on the same version, so
 * every push arrives one tick after the round starts.
 */
export const bounded: TimingEntry<typeof boundedParams> = {
  params: boundedParams,
  pulls({ maxDelay }, { workers, rng }) {
    const staleness = rng.fork('staleness');
    const pick = (arrival: number, history: { latest: number; oldestKept: number }) =>
      pickBoundedVersion(staleness.stream(arrival), history.latest, history.oldestKept, maxDelay);
    return {
      keepVersions: maxDelay + 1,
      initial: (history) => [[0, { version: pick(0, history), delay: 1 }]],
      afterArrival: (_worker, arrival, history) => [[(arrival + 1) % workers, { version: pick(arrival + 1, history), delay: 1 }]],
    };
  },
  rounds: (_params, { workers }) => () => Array.from({ length: workers }, () => ({ delay: 1 })),
  // One pull in flight at a time: only the version can change, and maxDelay 0 keeps one.
  timingAttacks: ({ maxDelay }) => maxDelay > 0,
  fullRounds: true,
  summary: 'each arrival computed on a model drawn uniformly from the last maxDelay+1 versions (one arrival a tick, workers in turn)',
  usage: '{"model": "bounded", "maxDelay": 10}',
};
