import { z } from 'zod';
import type { ConfigIssue } from '../core/errors.js';
import { ConfigError } from '../core/errors.js';
import { delayDistributionSchema, sampleDelay } from './distributions.js';
import type { TimedPull, TimingEntry } from './timing.js';

/** `latency` parameters (milliseconds of virtual time). */
export const latencyParams = z.strictObject({
  /** Compute time of one gradient. @default { type: 'exponential', mean: 10 } */
  compute: delayDistributionSchema.default({ type: 'exponential', mean: 10 }),
  /** One-way network time of a push. @default { type: 'constant', value: 1 } */
  network: delayDistributionSchema.default({ type: 'constant', value: 1 }),
  /** Per-worker multipliers of the compute delay (> 0); one per worker. @default all 1 */
  speeds: z.array(z.number().positive()).optional(),
  /** The `count` highest-index workers have their compute delays multiplied by `factor` (≥ 1). @default none */
  stragglers: z.strictObject({ count: z.int().nonnegative(), factor: z.number().min(1) }).optional(),
});

export type LatencyParams = z.output<typeof latencyParams>;

/** What the schema cannot check alone because it needs the number of workers; paths relative to `timing`. */
export function latencyIssues(timing: LatencyParams, workers: number): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (timing.speeds !== undefined && timing.speeds.length !== workers) {
    issues.push({ path: 'speeds', message: `expected one speed factor per worker (${workers}), got ${timing.speeds.length}` });
  }
  if (timing.stragglers !== undefined && timing.stragglers.count > workers) {
    issues.push({ path: 'stragglers.count', message: `expected at most the number of workers (${workers}), got ${timing.stragglers.count}` });
  }
  return issues;
}

/**
 * The combined compute-delay multiplier of `worker` (0-based, of `workers`): its speed factor times the
 * straggler factor if it is one of the `stragglers.count` highest-index workers.
 */
export function workerSpeed(timing: LatencyParams, worker: number, workers: number): number {
  if (!(Number.isInteger(worker) && worker >= 0 && worker < workers)) {
    throw new RangeError(`worker must be an integer in [0, ${workers}), got ${worker}`);
  }
  const issues = latencyIssues(timing, workers);
  if (issues.length > 0) throw new ConfigError(issues.map((i) => ({ ...i, path: `timing.${i.path}` })));
  const speed = timing.speeds?.[worker] ?? 1;
  const straggler = timing.stragglers !== undefined && worker >= workers - timing.stragglers.count;
  return straggler ? speed * timing.stragglers!.factor : speed;
}

/**
 * `latency`: every worker loops pull → compute (its own seeded compute delay × speed factor) → send (network
 * delay) and pulls the latest model again as soon as the server has handled its push. Staleness emerges from
 * the workers' relative speeds. In a synchronous round each worker's delay is drawn the same way, per round.
 */
export const latency: TimingEntry<typeof latencyParams> = {
  params: latencyParams,
  issues: (params, { workers }) => latencyIssues(params, workers),
  pulls(params, { workers, rng }) {
    const steps = new Array<number>(workers).fill(0);
    const speeds = Array.from({ length: workers }, (_, w) => workerSpeed(params, w, workers));
    const pull = (w: number, history: { latest: number }): [number, TimedPull] => {
      const stream = rng.fork('latency', w).stream(steps[w]++);
      const delay = sampleDelay(params.compute, stream, speeds[w]) + sampleDelay(params.network, stream, 1);
      return [w, { version: history.latest, delay }];
    };
    return {
      keepVersions: 1,
      initial: (history) => Array.from({ length: workers }, (_, w) => pull(w, history)),
      afterArrival: (worker, _arrival, history) => [pull(worker, history)],
    };
  },
  rounds(params, { workers, rng }) {
    const speeds = Array.from({ length: workers }, (_, w) => workerSpeed(params, w, workers));
    return (round) =>
      speeds.map((speed, w) => {
        const stream = rng.fork('latency', w).stream(round);
        return { delay: sampleDelay(params.compute, stream, speed) + sampleDelay(params.network, stream, 1) };
      });
  },
  // Keeps one version: 'slowest' changes only the delay, so factor 1 changes nothing.
  timingAttacks: (_params, { latency: choice, factor }) => choice === 'fastest' || factor > 1,
  fullRounds: true,
  summary: 'each worker loops pull → compute → push with seeded per-worker delays (ms); staleness emerges from their speeds',
  usage:
    '{"model": "latency", "compute": dist, "network": dist, "speeds": [...], "stragglers": {"count", "factor"}}\n' +
    '            dist: {"type": "constant", "value"} | {"type": "uniform", "min", "max"} | {"type": "exponential", "mean"} | {"type": "lognormal", "median", "sigma"} (ms)',
};
