import type { Rng } from '../core/rng.js';
import { pickBoundedVersion, sampleDelay, workerSpeed, type TimingConfig } from '../scheduler/timing.js';
import type { Pull } from './messages.js';

/** A pull as the timing model decides it; the server adds what it knows (arrivals handled). */
type TimedPull = Omit<Pull, 'handled'>;
import type { ModelHistory } from './model-history.js';

/** Which worker pulls what, and when its push will arrive: the timing model seen from the server. */
export interface PullPolicy {
  /** How many newest model versions the server must keep for this policy. */
  readonly keepVersions: number;
  /** The pulls that start the run. */
  initial(history: ModelHistory): Array<[worker: number, pull: TimedPull]>;
  /** The pulls that follow the server's handling of arrival `arrival` (sent by `worker`). */
  afterArrival(worker: number, arrival: number, history: ModelHistory): Array<[worker: number, pull: TimedPull]>;
}

/**
 * `latency`: every worker loops pull → compute (its own seeded compute delay × speed factor) → send (network
 * delay) and pulls the latest model again as soon as the server has handled its push. Staleness emerges from
 * the workers' relative speeds.
 */
export function latencyPulls(timing: Extract<TimingConfig, { model: 'latency' }>, workers: number, rng: Rng): PullPolicy {
  const steps = new Array<number>(workers).fill(0);
  const speeds = Array.from({ length: workers }, (_, w) => workerSpeed(timing, w, workers));
  const pull = (w: number, history: ModelHistory): [number, TimedPull] => {
    const stream = rng.fork('latency', w).stream(steps[w]++);
    const delay = sampleDelay(timing.compute, stream, speeds[w]) + sampleDelay(timing.network, stream, 1);
    return [w, { version: history.latest, delay }];
  };
  return {
    keepVersions: 1,
    initial: (history) => Array.from({ length: workers }, (_, w) => pull(w, history)),
    afterArrival: (worker, _arrival, history) => [pull(worker, history)],
  };
}

/**
 * `bounded` (the Zeno++ experiments): arrivals come one per tick from the workers in turn, and each is
 * computed on a model drawn uniformly from the last `maxDelay + 1` versions (all of them while fewer exist),
 * so staleness is uniform on 0..maxDelay.
 */
export function boundedPulls(timing: Extract<TimingConfig, { model: 'bounded' }>, workers: number, rng: Rng): PullPolicy {
  const pick = (arrival: number, history: ModelHistory) =>
    pickBoundedVersion(rng.fork('staleness').stream(arrival), history.latest, history.oldestKept, timing.maxDelay);
  return {
    keepVersions: timing.maxDelay + 1,
    initial: (history) => [[0, { version: pick(0, history), delay: 1 }]],
    afterArrival: (_worker, arrival, history) => [[(arrival + 1) % workers, { version: pick(arrival + 1, history), delay: 1 }]],
  };
}

/** The pull policy of a timing config. */
export function pullPolicy(timing: TimingConfig, workers: number, rng: Rng): PullPolicy {
  return timing.model === 'latency' ? latencyPulls(timing, workers, rng) : boundedPulls(timing, workers, rng);
}
