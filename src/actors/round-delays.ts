import type { Rng } from '../core/rng.js';
import { sampleDelay, workerSpeed, type TimingConfig } from '../scheduler/timing.js';

/**
 * Synchronous rounds: each worker's delay from the round's start to its push reaching the server. `latency`:
 * its seeded compute delay × speed factor plus the network delay, drawn per (worker, round); `bounded` has no
 * meaning within a round (everyone computes on the same version), so every push arrives one tick later.
 */
export function roundDelays(timing: TimingConfig, workers: number, rng: Rng): (round: number) => number[] {
  if (timing.model === 'bounded') return () => new Array<number>(workers).fill(1);
  const speeds = Array.from({ length: workers }, (_, w) => workerSpeed(timing, w, workers));
  return (round) =>
    speeds.map((speed, w) => {
      const stream = rng.fork('latency', w).stream(round);
      return sampleDelay(timing.compute, stream, speed) + sampleDelay(timing.network, stream, 1);
    });
}
