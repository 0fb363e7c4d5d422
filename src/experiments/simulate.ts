import { engineBuild } from '../engine/engine.js';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { asyncPolicy } from '../actors/async-policy.js';
import { runActors, type ActorParts } from '../actors/run-actors.js';
import { syncPolicy } from '../actors/sync-policy.js';
import { createAssignment } from '../attacks/assignment.js';
import { createCompute } from '../compute/create.js';
import type { BackendName, Compute } from '../compute/jobs.js';
import { resolveConfig, taskSpecOf } from '../config/resolve.js';
import type { RunConfig } from '../config/schema.js';
import { defaultRegistries, type Registries } from '../config/registries.js';
import { hashBytes, hashJson } from '../core/hash.js';
import { Rng } from '../core/rng.js';
import { lrSchedule } from '../policies/lr-schedule.js';
import { initParams, taskInfo } from '../tasks/index.js';
import { pullPolicy, roundTimings } from '../timing/registry.js';
import { trainShards } from '../tasks/partitions/train-shards.js';
import { runName } from './run-name.js';
import { summarize } from './summary.js';
import { sentBy, traceHash } from './trace.js';
import { responsive } from './responsive-compute.js';
import { writeRunFolder } from './results.js';
import type { RunResult } from './run-result.js';

export type { RunResult } from './run-result.js';

/** How to execute a run; none of this changes its results. */
export interface SimulateOptions {
  /** Pool threads; 0 runs every job inline on this thread. @default the machine's cores */
  readonly threads?: number;
  /** Run on an existing compute (e.g. one pool shared by the runs of a study) instead of creating one. */
  readonly compute?: Compute;
  /** Write the run's results folder here (config, events, metrics, summary). */
  readonly outDir?: string;
  /**
   * Called after every arrival with (steps done, config.steps), in the unit of `steps`: arrivals in async mode,
   * rounds in sync mode (a round's pushes report the round they complete).
   */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called with each model version as it is published (version 0 first); copy `params` to keep it. */
  readonly onModel?: (version: number, params: Float32Array) => void;
  /** Where rule, attack, timing and task names are looked up. @default defaultRegistries */
  readonly registries?: Registries;
  /** The run's name in its summary (tables, study.csv). @default config.name, else its default name ({@link runName}) */
  readonly name?: string;
}

/**
 * Runs one config end to end: validates it (throwing a ConfigError before any work), simulates it
 * deterministically and, with `outDir`, writes its results folder atomically.
 */
export async function simulate(input: unknown, options: SimulateOptions = {}): Promise<RunResult> {
  const registries = options.registries ?? defaultRegistries;
  const config = resolveConfig(input, registries);
  const spec = taskSpecOf(config);
  const info = taskInfo(spec, registries.tasks);
  const rng = Rng.root(config.seed);
  const { name: policyName, ...policyParams } = config.policy;
  const timingSetup = { workers: config.workers, steps: config.steps, mode: config.mode, rng: rng.fork('timing') };
  const policy: ActorParts['policy'] =
    config.mode === 'async'
      ? asyncPolicy(
          registries.createFilter(policyName, policyParams, 'policy', { workers: config.workers, rng: rng.fork('pre-aggregation') }),
          pullPolicy(config.timing, timingSetup, registries.timings),
        )
      : syncPolicy({
          aggregator: registries.createAggregator(policyName, policyParams, 'policy', rng.fork('pre-aggregation')),
          omniscient: config.byzantine.knowledge === 'omniscient',
          defence: registries.createAggregator(policyName, policyParams, 'policy', rng.fork('pre-aggregation', 'defence')),
          dropSlowest: config.sync.dropSlowest,
          rounds: roundTimings(config.timing, timingSetup, registries.timings),
        });
  const { name: attackName, ...attackParams } = config.byzantine.attack;
  const attack = registries.createAttack(attackName, attackParams, 'byzantine.attack');
  const data = trainShards(spec, info.trainSize, config.data, config.workers, rng.fork('shards'), registries.tasks);
  const assignment = createAssignment(config.byzantine.assignment, config.byzantine.pick, config.byzantine.count, config.workers, rng);

  const started = performance.now();
  const ownCompute = options.compute ? undefined : await createCompute({ task: spec, tasks: registries.tasks, backend: config.backend, threads: options.threads ?? availableParallelism() });
  const compute = responsive(options.compute ?? ownCompute!);
  try {
    requireBackend(config.backend, compute.backend);
    const simStarted = performance.now();
    const outcome = await runActors({
      info,
      compute,
      rng,
      initialParams: initParams(spec, rng.fork('init'), undefined, registries.tasks),
      workers: config.workers,
      shards: data.shards,
      batchSize: config.optimizer.batchSize,
      steps: config.steps,
      evalEvery: config.evalEvery,
      policy,
      attack,
      // Keyed by (worker, step): a Bernoulli draw per gradient sent, the same whichever order they arrive in.
      isByzantine: (worker, step) => assignment.isByzantine(worker, step * config.workers + worker),
      byzantineStartAfter: config.byzantine.startAfter,
      ...(config.mode === 'async' && config.byzantine.knowledge === 'omniscient' ? { trueGradientBatch: Math.min(config.byzantine.trueBatch, info.trainSize) } : {}),
      lr: lrSchedule(config.optimizer.lr, config.optimizer.schedule),
      weightDecay: config.optimizer.weightDecay,
      ...(config.local.steps > 1 ? { local: { steps: config.local.steps, lr: config.local.lr ?? config.optimizer.lr } } : {}),
      ...(config.optimizer.momentum ? { momentum: config.optimizer.momentum } : {}),
      stopwatch: () => performance.now(),
      ...(config.faults ? { faults: config.faults } : {}),
      onArrival: options.onProgress ? (r) => options.onProgress!(config.mode === 'async' ? r.arrival + 1 : r.pulledAfter + 1, config.steps) : undefined,
      ...(options.onModel ? { onModel: options.onModel } : {}),
    });
    const ended = performance.now();
    const summary = summarize(config, outcome, {
      name: options.name ?? config.name ?? runName(config, registries),
      configHash: hashJson(config),
      traceHash: traceHash(outcome.records, sentBy(config)),
      modelHash: hashBytes(outcome.finalParams),
      data: { shardSizes: data.shards.map((s) => s.length), ...(data.labelCounts ? { labelCounts: data.labelCounts } : {}) },
      backend: compute.backend,
      engine: engineBuild(),
      threads: options.compute ? undefined : (options.threads ?? availableParallelism()),
      wallSeconds: (ended - started) / 1000,
      simulationSeconds: (ended - simStarted) / 1000,
    });
    const result: RunResult = { config, summary, records: outcome.records, evaluations: outcome.evaluations, finalParams: outcome.finalParams };
    if (options.outDir) await writeRunFolder(options.outDir, result);
    return result;
  } finally {
    await ownCompute?.close();
  }
}

function requireBackend(wanted: RunConfig['backend'], got: BackendName): void {
  if (wanted !== 'auto' && wanted !== got) throw new Error(`backend: the compute runs on ${got}, but the config asks for ${wanted}`);
}
