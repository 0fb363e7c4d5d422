import { merge } from 'rxjs';
import type { Attack } from '../attacks/attack.js';
import type { Compute, EvaluateResult } from '../compute/jobs.js';
import { countJobs, type JobCounts } from '../compute/count-jobs.js';
import type { Rng } from '../core/rng.js';
import type { Fault } from '../faults/faults.js';
import { EventPriority } from '../scheduler/event-priority.js';
import { EventLoop } from '../scheduler/event-loop.js';
import { rxScheduler } from '../scheduler/rx-scheduler.js';
import type { TaskInfo } from '../tasks/task.js';
import { EpochBatches, SubsetSampler, iidShards } from './batches.js';
import { BufferPool } from './buffer-pool.js';
import { ModelHistory } from './model-history.js';
import type { Pull } from './messages.js';
import type { ArrivalRecord } from './arrival.js';
import type { ServerBaseContext, ServerPolicy } from './server-policy.js';
import { serverMomentum, type MomentumForm } from '../policies/momentum.js';
import { WorkerActor, type LocalTraining } from './worker.js';

/** Everything one simulated run is made of, already resolved and validated. */
export interface ActorParts {
  readonly info: TaskInfo;
  readonly compute: Compute;
  readonly rng: Rng;
  readonly initialParams: Float32Array;
  readonly workers: number;
  /** Each worker's training positions (see tasks/partitions); IID shards of equal size when omitted. */
  readonly shards?: readonly Int32Array[];
  readonly batchSize: number;
  readonly steps: number;
  readonly evalEvery: number;
  /** The server's policy: a filter per arrival (async) or an aggregator per round (sync). */
  readonly policy: ServerPolicy;
  readonly attack: Attack;
  /** Whether worker `worker`'s `step`-th gradient is Byzantine. */
  readonly isByzantine: (worker: number, step: number) => boolean;
  /** Byzantine behaviour starts once the server has handled this many arrivals (async) or rounds (sync). */
  readonly byzantineStartAfter: number;
  /** Async omniscient knowledge: samples in the true-gradient job of attacks that ask for it (undefined: none computed). */
  readonly trueGradientBatch?: number;
  /** Learning rate by arrival (async) or by round (sync). */
  readonly lr: (step: number) => number;
  readonly weightDecay: number;
  /** Federated workers: local SGD steps per pull (> 1) and their rate; each push is then an update. */
  readonly local?: LocalTraining;
  /** Momentum: β of the server's velocity and of each worker's momentum (0 or absent: off). */
  readonly momentum?: { readonly server: number; readonly worker: number; readonly workerForm: MomentumForm };
  readonly onArrival?: (record: ArrivalRecord) => void;
  /** Called with each model version when it is published (version 0 at the start); `params` is read-only and reused: copy it. */
  readonly onModel?: (version: number, params: Float32Array) => void;
  /** A wall clock (ms) to measure how long the event loop waits for the pool; the simulation never reads one. */
  readonly stopwatch?: () => number;
  /** Faults in virtual time, applied to every pull (async) or round (sync). */
  readonly faults?: readonly Fault[];
}

/** A test-set evaluation of one model version. */
export interface EvaluationPoint extends EvaluateResult {
  readonly version: number;
  /** Arrivals handled when the version was published. */
  readonly arrivals: number;
  /** Virtual time (ticks) of the evaluation. */
  readonly time: number;
}

export interface ActorsOutcome {
  readonly records: ArrivalRecord[];
  readonly evaluations: EvaluationPoint[];
  readonly finalParams: Float32Array;
  readonly virtualTime: number;
  /** Events run, and how many times the event loop had to wait for the pool. */
  readonly events: number;
  readonly waits: number;
  /** Wall ms the event loop spent waiting for compute results (0 without a stopwatch). */
  readonly waitMs: number;
  /**
   * Every job the run sent to its compute, by kind: the workers' (honest or Byzantine), the validator's, the
   * evaluations, and those the server's rule or the attack asked for (a sync rule's validation gradients and
   * losses, FLTrust's reference gradient, an omniscient attack's true gradients).
   */
  readonly jobs: JobCounts;
  /** The first model version with a NaN or infinite parameter, and the arrival that produced it (null: none). */
  readonly nonFinite: { readonly arrival: number; readonly version: number } | null;
  /**
   * Steps that applied no update although one was due: sync rounds the rule could not aggregate, async
   * buffer flushes the aggregator could not run (decision 'too-few').
   */
  readonly skipped: number;
}

/** Actor ids: workers are 0..n−1, then the validator and the server (fixed ids keep tie-breaks deterministic). */
const actorIds = (workers: number) => ({ validator: workers, server: workers + 1 });

/**
 * Runs one simulation: worker, validator and server actors wired by RxJS streams over one virtual-time
 * scheduler, compute jobs on `compute`. Deterministic for given parts, whatever the compute's
 * thread count.
 */
export async function runActors(p: ActorParts): Promise<ActorsOutcome> {
  const sim = new EventLoop();
  const dim = p.info.dim;
  const policy = p.policy;
  const history = new ModelHistory(new BufferPool(dim), p.initialParams, policy.keepVersions);
  const slots = new BufferPool(dim);
  const shards = p.shards ?? iidShards(p.info.trainSize, p.workers, p.rng.fork('shards'));
  if (shards.length !== p.workers) throw new RangeError(`shards: expected one per worker (${p.workers}), got ${shards.length}`);
  const ids = actorIds(p.workers);
  const { compute, counts: jobs } = countJobs(p.compute);

  // Async omniscient knowledge: each worker's true-gradient batches, drawn from the whole training set.
  const trueSamplers =
    p.trueGradientBatch
      ? shards.map((_, w) => new SubsetSampler(p.info.trainSize, p.trueGradientBatch!, p.rng.fork('true-gradient', w)))
      : undefined;
  const workers = shards.map(
    (shard, w) =>
      new WorkerActor(w, {
        compute,
        history,
        slots,
        batches: new EpochBatches(shard, p.batchSize, p.rng.fork('batches', w)),
        isByzantine: (step) => p.isByzantine(w, step),
        startAfter: p.byzantineStartAfter,
        ...(trueSamplers ? { trueGradientBatch: (step: number) => trueSamplers[w].sample(step) } : {}),
        attack: p.attack,
        ...(p.local ? { local: p.local } : {}),
        ...(p.momentum && p.momentum.worker > 0 ? { momentum: { beta: p.momentum.worker, form: p.momentum.workerForm } } : {}),
        scheduler: rxScheduler(sim, { priority: EventPriority.arrival, actor: w, kind: 'push' }),
      }),
  );
  const records: ArrivalRecord[] = [];
  const pendingEvals: Array<{ version: number; arrivals: number; time: number; result: Promise<EvaluateResult> }> = [];
  let lastEvaluated = -1;
  const evaluate = (arrivals: number) => {
    const version = history.latest;
    lastEvaluated = version;
    const result = compute.run({ kind: 'evaluate', params: history.retain(version), split: 'test' });
    // Awaited (and any failure reported) after the run; this only stops Node calling a failure unhandled
    // if the run stops early. Evaluations never feed back into the simulation, so releasing the version on
    // completion cannot change results.
    result.catch(() => {});
    result.finally(() => history.release(version)).catch(() => {});
    pendingEvals.push({ version, arrivals, time: sim.now, result });
  };

  // The first version whose parameters overflowed or became NaN (e.g. a learning rate too large for float32):
  // the run goes on (a defence may still be measured), and the summary says so.
  let nonFinite: ActorsOutcome['nonFinite'] = null;
  let checked = 0;
  let lastModel = 0;
  p.onModel?.(0, history.params(0));
  const onArrival = (record: ArrivalRecord) => {
    if (p.onModel && record.serverVersion > lastModel) {
      lastModel = record.serverVersion;
      p.onModel(record.serverVersion, history.params(record.serverVersion));
    }
    records.push(record);
    if (nonFinite === null && history.latest !== checked) {
      checked = history.latest;
      if (!history.isFinite(checked)) nonFinite = { arrival: record.arrival, version: checked };
    }
    if ((record.decision.accepted || record.decision.serverStep) && record.serverVersion % p.evalEvery === 0 && record.serverVersion !== lastEvaluated) evaluate(record.arrival + 1);
    p.onArrival?.(record);
  };
  const sendPull = (w: number, pull: Pull) => workers[w].pulls.next(pull);
  // One fork per worker, made once (a fork hashes its labels; the stream of a step is the same either way).
  const attackForks = Array.from({ length: p.workers }, (_, w) => p.rng.fork('attack', w));
  const attackRng = (worker: number, step: number) => (attackForks[worker] ?? p.rng.fork('attack', worker)).stream(step);
  const base: ServerBaseContext = { attack: p.attack, attackRng, history, slots, lr: p.lr, weightDecay: p.weightDecay, dim, now: () => sim.now, sendPull, onArrival, ...(p.local ? { workerLr: p.local.lr } : {}), ...(p.momentum && p.momentum.server > 0 ? { momentum: serverMomentum(p.momentum.server) } : {}) };

  // Stream errors cannot reach the flush by exception, so they stop the run through sim.fail. That includes a
  // throw inside a handler (a filter or attack that fails): RxJS would otherwise report it as an uncaught error
  // outside the run, crashing the process instead of failing this run.
  const fail = (e: unknown) => sim.fail(e);
  const guarded =
    <T>(handle: (v: T) => void) =>
    (v: T) => {
      try {
        handle(v);
      } catch (e) {
        fail(e);
      }
    };
  const subscription = merge(...workers.map((w) => w.pushes$)).subscribe({ next: guarded((push) => server.receivePush(push)), error: fail });
  const server = policy.createServer({
    base,
    sim,
    compute,
    info: p.info,
    rng: p.rng,
    workers: p.workers,
    steps: p.steps,
    faults: p.faults ?? [],
    ids,
    listen: (source, handle) => void subscription.add(source.subscribe({ next: guarded(handle), error: fail })),
  });
  evaluate(0);
  server.start();
  const run = await sim.run({ stopwatch: p.stopwatch });
  subscription.unsubscribe();
  if (server.done !== p.steps) throw new Error(`simulation stopped after ${server.done} of ${p.steps} ${policy.unit}`);
  if (lastEvaluated !== history.latest) evaluate(records.length);

  const evaluations: EvaluationPoint[] = [];
  for (const e of pendingEvals) evaluations.push({ version: e.version, arrivals: e.arrivals, time: e.time, ...(await e.result) });
  const finalParams = history.params(history.latest).slice();
  // Every job has finished: the engine memory of this run goes back to the thread's allocator. (A run that
  // fails keeps its buffers, since a pool thread may still be writing into one.)
  history.dispose();
  slots.dispose();
  return {
    records,
    evaluations,
    finalParams,
    virtualTime: sim.now,
    events: run.eventsRun,
    waits: sim.stats.waits,
    waitMs: sim.stats.waitMs,
    jobs: { ...jobs },
    nonFinite,
    skipped: server.skipped,
  };
}
