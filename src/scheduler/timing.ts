import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import type { RandomStream } from '../core/rng.js';
import { delayDistributionSchema } from './distributions.js';

export { TICKS_PER_MS, delayDistributionSchema, sampleDelay, type DelayDistribution } from './distributions.js';

/**
 * `latency`: each worker loops pull → compute → push with seeded per-worker delays (milliseconds of virtual
 * time). Staleness emerges from the workers' relative speeds.
 */
export const latencyTimingSchema = z.strictObject({
  model: z.literal('latency'),
  /** Compute time of one gradient. @default { type: 'exponential', mean: 10 } */
  compute: delayDistributionSchema.default({ type: 'exponential', mean: 10 }),
  /** One-way network time of a push. @default { type: 'constant', value: 1 } */
  network: delayDistributionSchema.default({ type: 'constant', value: 1 }),
  /** Per-worker multipliers of the compute delay (> 0); one per worker, see {@link checkTimingForWorkers}. @default all 1 */
  speeds: z.array(z.number().positive()).optional(),
  /** The `count` highest-index workers have their compute delays multiplied by `factor` (≥ 1). @default none */
  stragglers: z.strictObject({ count: z.int().nonnegative(), factor: z.number().min(1) }).optional(),
});

/**
 * `bounded` (the Zeno++ experiments): each arrival is computed on a model drawn uniformly from the last
 * `maxDelay + 1` versions, so staleness is uniform on 0..maxDelay (see {@link pickBoundedVersion}).
 */
export const boundedTimingSchema = z.strictObject({
  model: z.literal('bounded'),
  /** Largest staleness, in model versions. @default 10 */
  maxDelay: z.int().nonnegative().default(10),
});

/** A timing model: a discriminated union on `model`; unknown keys are errors. */
export const timingSchema = z.discriminatedUnion('model', [latencyTimingSchema, boundedTimingSchema]);

/** A validated timing model with defaults filled in. */
export type TimingConfig = z.output<typeof timingSchema>;
/** A timing model as written in a config (defaults may be omitted). */
export type TimingInput = z.input<typeof timingSchema>;

/** What the schema cannot check alone because it needs the number of workers. Paths start at `path`. */
export function timingIssues(timing: TimingConfig, workers: number, path = 'timing'): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (timing.model !== 'latency') return issues;
  if (timing.speeds !== undefined && timing.speeds.length !== workers) {
    issues.push({ path: `${path}.speeds`, message: `expected one speed factor per worker (${workers}), got ${timing.speeds.length}` });
  }
  if (timing.stragglers !== undefined && timing.stragglers.count > workers) {
    issues.push({ path: `${path}.stragglers.count`, message: `expected at most the number of workers (${workers}), got ${timing.stragglers.count}` });
  }
  return issues;
}

/** Throws a ConfigError listing {@link timingIssues}, if any. */
export function checkTimingForWorkers(timing: TimingConfig, workers: number, path = 'timing'): void {
  const issues = timingIssues(timing, workers, path);
  if (issues.length > 0) throw new ConfigError(issues);
}

/**
 * The combined compute-delay multiplier of `worker` (0-based, of `workers`): its speed factor times the
 * straggler factor if it is one of the `stragglers.count` highest-index workers. Always 1 for `bounded`.
 */
export function workerSpeed(timing: TimingConfig, worker: number, workers: number): number {
  if (!(Number.isInteger(worker) && worker >= 0 && worker < workers)) {
    throw new RangeError(`worker must be an integer in [0, ${workers}), got ${worker}`);
  }
  if (timing.model !== 'latency') return 1;
  checkTimingForWorkers(timing, workers);
  const speed = timing.speeds?.[worker] ?? 1;
  const straggler = timing.stragglers !== undefined && worker >= workers - timing.stragglers.count;
  return straggler ? speed * timing.stragglers!.factor : speed;
}

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
