import type { ActorsOutcome } from '../actors/run-actors.js';
import type { JobCounts } from '../compute/count-jobs.js';
import type { BackendName } from '../compute/jobs.js';
import type { RunConfig } from '../config/schema.js';
import { TICKS_PER_MS } from '../timing/distributions.js';
import { partitionLabel } from './run-name.js';

/** The headline numbers of a run (written as summary.json). */
export interface RunSummary {
  readonly name: string;
  readonly configHash: string;
  readonly seed: number;
  readonly policy: string;
  readonly attack: string;
  readonly byzantineCount: number;
  readonly final: { readonly testAccuracy: number; readonly testLoss: number; readonly version: number };
  readonly arrivals: {
    readonly total: number;
    readonly accepted: number;
    /** Arrivals rejected (every reason but 'unselected'). */
    readonly rejected: number;
    /**
     * Well-formed vectors a selection rule (Krum, Multi-Krum, Bulyan) did not pick: counted apart from rejections,
     * since Krum with no attack leaves n − 1 honest vectors each round without rejecting anything.
     */
    readonly unselected: number;
    readonly honest: number;
    readonly byzantine: number;
    /** Honest rejected (unselected ones not counted) / honest (NaN when there were no honest arrivals). */
    readonly falsePositiveRate: number;
    /** Byzantine accepted / Byzantine (NaN when there were none). */
    readonly falseNegativeRate: number;
    /** Rejections by reason (non-finite, wrong-length, zero-norm, score). */
    readonly rejectedBy: Record<string, number>;
  };
  /**
   * Steps that applied no update although one was due (sync rounds the rule could not aggregate, async buffer
   * flushes that failed): a defence that stalls training shows here, not only in a flat accuracy curve.
   */
  readonly skipped: number;
  readonly staleness: { readonly mean: number; readonly meanAccepted: number; readonly max: number };
  readonly virtualTimeMs: number;
  /** How the training set was split (config `data`), with the resulting shard sizes and, when labels were read, per-worker class counts. */
  readonly data: DataSummary;
  /**
   * Where the model first became non-finite (NaN or ±Infinity, e.g. float32 overflow from a huge learning rate),
   * or null. Metrics after that point describe a broken model.
   */
  readonly nonFiniteModel: { readonly arrival: number; readonly version: number } | null;
  readonly traceHash: string;
  readonly modelHash: string;
  readonly backend: BackendName;
  /**
   * The engine build (first 16 hex digits of the SHA-256 of engine.wasm) that ran the vector and aggregation
   * kernels, and the models when `backend` is 'engine': same config and same build give the same bits anywhere.
   */
  readonly engine: string;
  /**
   * The jobs the run sent to its compute (pool threads or inline), by kind; the same on any pool size.
   * `gradient`: minibatch gradients — the workers' (honest or Byzantine), the Zeno++ validator's, and those the
   * server's rule or the attack asked for (a sync rule's validation gradients such as FLTrust's reference, an
   * omniscient attack's true gradients). `local`: federated workers' local trainings, `localSteps` SGD steps
   * (minibatch gradients) in all. `loss`: minibatch losses, forward passes only (sync Zeno's trial steps).
   * `evaluate`: evaluations of the model on the test split (every `evalEvery` updates and at the end). Counted
   * when sent: a worker's job still running when the last step was handled counts.
   */
  readonly computeJobs: JobCounts;
  /** Pool threads (0 = inline); absent when the run used a shared compute. */
  readonly threads?: number;
  readonly wall: {
    readonly totalSeconds: number;
    readonly simulationSeconds: number;
    /** Minibatch gradients computed per wall second of simulation: (computeJobs.gradient + computeJobs.localSteps) / simulationSeconds. */
    readonly gradientsPerSecond: number;
    /** Times the event loop had to stop and wait for the pool, and the wall seconds it spent waiting. */
    readonly poolWaits: number;
    readonly poolWaitSeconds: number;
    /** Simulation wall time not spent waiting: the event loop's own work (filtering, SGD steps, bookkeeping). */
    readonly eventLoopSeconds: number;
  };
}

/** The data split as it came out. */
export interface DataSummary {
  readonly partition: string;
  readonly shardSizes: number[];
  /** labelCounts[w][c]: class-c samples of worker w (non-IID classification partitions). */
  readonly labelCounts?: number[][];
}

export interface SummaryContext {
  /** The run's name (config.name, else its default name). */
  readonly name: string;
  readonly data: Omit<DataSummary, 'partition'>;
  readonly configHash: string;
  readonly traceHash: string;
  readonly modelHash: string;
  readonly backend: BackendName;
  readonly engine: string;
  readonly threads: number | undefined;
  readonly wallSeconds: number;
  readonly simulationSeconds: number;
}

const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);

/** Counts and rates from the event log, plus the final evaluation. */
export function summarize(config: RunConfig, outcome: ActorsOutcome, ctx: SummaryContext): RunSummary {
  let accepted = 0, unselected = 0, byzantine = 0, honestRejected = 0, byzantineAccepted = 0, staleSum = 0, staleAcceptedSum = 0, staleMax = 0;
  const rejectedBy: Record<string, number> = {};
  for (const r of outcome.records) {
    const ok = r.decision.accepted;
    const left = !ok && r.decision.reason === 'unselected';
    if (ok) accepted++;
    else if (left) unselected++;
    else rejectedBy[r.decision.reason ?? 'score'] = (rejectedBy[r.decision.reason ?? 'score'] ?? 0) + 1;
    if (r.byzantine) {
      byzantine++;
      if (ok) byzantineAccepted++;
    } else if (!ok && !left) honestRejected++;
    staleSum += r.staleness;
    if (ok) staleAcceptedSum += r.staleness;
    staleMax = Math.max(staleMax, r.staleness);
  }
  const total = outcome.records.length;
  const honest = total - byzantine;
  const last = outcome.evaluations[outcome.evaluations.length - 1];
  return {
    name: ctx.name,
    configHash: ctx.configHash,
    seed: config.seed,
    policy: config.policy.name,
    attack: config.byzantine.count > 0 ? config.byzantine.attack.name : 'none',
    byzantineCount: config.byzantine.count,
    final: { testAccuracy: last.accuracy, testLoss: last.loss, version: last.version },
    arrivals: {
      total,
      accepted,
      rejected: total - accepted - unselected,
      unselected,
      honest,
      byzantine,
      falsePositiveRate: ratio(honestRejected, honest),
      falseNegativeRate: ratio(byzantineAccepted, byzantine),
      rejectedBy,
    },
    skipped: outcome.skipped,
    staleness: { mean: ratio(staleSum, total), meanAccepted: ratio(staleAcceptedSum, accepted), max: staleMax },
    virtualTimeMs: outcome.virtualTime / TICKS_PER_MS,
    data: { partition: partitionLabel(config), ...ctx.data },
    nonFiniteModel: outcome.nonFinite,
    traceHash: ctx.traceHash,
    modelHash: ctx.modelHash,
    backend: ctx.backend,
    engine: ctx.engine,
    computeJobs: outcome.jobs,
    ...(ctx.threads === undefined ? {} : { threads: ctx.threads }),
    wall: {
      totalSeconds: ctx.wallSeconds,
      simulationSeconds: ctx.simulationSeconds,
      gradientsPerSecond: (outcome.jobs.gradient + outcome.jobs.localSteps) / ctx.simulationSeconds,
      poolWaits: outcome.waits,
      poolWaitSeconds: outcome.waitMs / 1000,
      eventLoopSeconds: ctx.simulationSeconds - outcome.waitMs / 1000,
    },
  };
}

/**
 * How a run's model diverged while its parameters stayed finite, or undefined: its final test loss is not finite
 * (its outputs overflow float32, e.g. under an attack that got through), so gradients computed on it are
 * non-finite too and dropped, honest ones included. (A model with non-finite parameters is `nonFiniteModel`.)
 */
export function divergedLoss(s: Pick<RunSummary, 'nonFiniteModel' | 'final' | 'arrivals'>): string | undefined {
  if (s.nonFiniteModel || Number.isFinite(s.final.testLoss)) return undefined;
  const dropped = s.arrivals.rejectedBy['non-finite'] ?? 0;
  return `the model diverged: its final test loss is not finite (its outputs overflow float32) though its parameters are, and ${dropped} gradient(s) were dropped as non-finite`;
}
