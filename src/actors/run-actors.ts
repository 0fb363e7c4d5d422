import { allFinite } from '../engine/vectors.js';
import { merge } from 'rxjs';
import type { Attack } from '../attacks/attack.js';
import type { Compute, EvaluateResult } from '../compute/jobs.js';
import type { Rng } from '../core/rng.js';
import type { Aggregator } from '../policies/aggregators/aggregator.js';
import type { ZenoRule } from '../policies/aggregators/zeno.js';
import type { AsyncFilter } from '../policies/filters/filter.js';
import { pullsWithFaults, roundsWithFaults, type Fault } from '../faults/faults.js';
import { EventPriority } from '../scheduler/event-priority.js';
import { EventLoop } from '../scheduler/event-loop.js';
import { rxScheduler } from '../scheduler/rx-scheduler.js';
import type { TaskInfo } from '../tasks/task.js';
import { EpochBatches, SubsetSampler, iidShards } from './batches.js';
import { BufferPool } from './buffer-pool.js';
import { ModelHistory } from './model-history.js';
import type { Pull } from './messages.js';
import type { PullPolicy, RoundTimings } from '../timing/timing.js';
import { ServerActor, type ArrivalRecord } from './server.js';
import { SyncServerActor } from './sync-server.js';
import { zenoScorer } from './zeno-scorer.js';
import { referenceGradient } from './reference-gradient.js';
import { serverMomentum, type MomentumForm } from '../policies/momentum.js';
import { ValidatorActor } from './validator.js';
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
  readonly policy: AsyncPolicy | SyncPolicy;
  readonly attack: Attack;
  /** Whether worker `worker`'s `step`-th gradient is Byzantine. */
  readonly isByzantine: (worker: number, step: number) => boolean;
  /** Byzantine behaviour starts once the server has handled this many arrivals (async) or rounds (sync). */
  readonly byzantineStartAfter: number;
  /** Async omniscient knowledge: samples in the true-gradient job of attacks that ask for it (undefined = local). */
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

/** Asynchronous mode: each arrival is judged alone by a filter; the pull policy is the timing model. */
export interface AsyncPolicy {
  readonly mode: 'async';
  readonly filter: AsyncFilter;
  readonly pulls: PullPolicy;
}

/** Synchronous mode: rounds with a barrier, aggregated by a robust rule or Zeno. `steps` counts rounds. */
export interface SyncPolicy {
  readonly mode: 'sync';
  readonly rule: { readonly kind: 'aggregator'; readonly aggregator: Aggregator } | { readonly kind: 'zeno'; readonly zeno: ZenoRule };
  /** Whether attacks see the round's honest gradients. */
  readonly omniscient: boolean;
  /** A separate instance of the rule for attacks that know the defence (undefined for Zeno). */
  readonly defence?: Aggregator;
  /** Stragglers dropped per round: the server waits for the first n − k pushes. */
  readonly dropSlowest: number;
  /** Each worker's push timing (delay in ticks from a round's start), or undefined if it skips the round. */
  readonly rounds: RoundTimings;
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
  /** Gradient jobs run: one per arrival plus one per validation refresh. */
  readonly gradientJobs: number;
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
  const history = new ModelHistory(new BufferPool(dim), p.initialParams, policy.mode === 'async' ? policy.pulls.keepVersions : 1);
  const slots = new BufferPool(dim);
  const shards = p.shards ?? iidShards(p.info.trainSize, p.workers, p.rng.fork('shards'));
  if (shards.length !== p.workers) throw new RangeError(`shards: expected one per worker (${p.workers}), got ${shards.length}`);
  const ids = actorIds(p.workers);

  // Async omniscient knowledge: each worker's true-gradient batches, drawn from the whole training set.
  const trueSamplers =
    policy.mode === 'async' && p.trueGradientBatch
      ? shards.map((_, w) => new SubsetSampler(p.info.trainSize, p.trueGradientBatch!, p.rng.fork('true-gradient', w)))
      : undefined;
  const workers = shards.map(
    (shard, w) =>
      new WorkerActor(w, {
        compute: p.compute,
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
  const validator =
    policy.mode === 'async' && policy.filter.refreshEvery > 0
      ? new ValidatorActor(
          p.compute,
          history,
          new SubsetSampler(p.info.validationSize, policy.filter.validationBatch, p.rng.fork('validation')),
          rxScheduler(sim, { priority: EventPriority.validation, actor: ids.validator, kind: 'validation' }),
          slots,
        )
      : undefined;

  const records: ArrivalRecord[] = [];
  let validations = 0;
  const pendingEvals: Array<{ version: number; arrivals: number; time: number; result: Promise<EvaluateResult> }> = [];
  let lastEvaluated = -1;
  const evaluate = (arrivals: number) => {
    const version = history.latest;
    lastEvaluated = version;
    const result = p.compute.run({ kind: 'evaluate', params: history.retain(version), split: 'test' });
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
      if (!allFinite(history.params(checked))) nonFinite = { arrival: record.arrival, version: checked };
    }
    if ((record.decision.accepted || record.decision.serverStep) && record.serverVersion % p.evalEvery === 0 && record.serverVersion !== lastEvaluated) evaluate(record.arrival + 1);
    p.onArrival?.(record);
  };
  const sendPull = (w: number, pull: Pull) => workers[w].pulls.next(pull);
  // One fork per worker, made once (a fork hashes its labels; the stream of a step is the same either way).
  const attackForks = Array.from({ length: p.workers }, (_, w) => p.rng.fork('attack', w));
  const attackRng = (worker: number, step: number) => (attackForks[worker] ?? p.rng.fork('attack', worker)).stream(step);
  const common = { attack: p.attack, attackRng, history, slots, lr: p.lr, weightDecay: p.weightDecay, dim, now: () => sim.now, sendPull, onArrival, ...(p.local ? { workerLr: p.local.lr } : {}), ...(p.momentum && p.momentum.server > 0 ? { momentum: serverMomentum(p.momentum.server) } : {}) };
  const server =
    policy.mode === 'async'
      ? new ServerActor({
          ...common,
          filter: policy.filter,
          pulls: pullsWithFaults(policy.pulls, p.faults ?? [], () => sim.now),
          later: (wait, worker, run) => sim.schedule({ delay: wait, priority: EventPriority.pull, actor: worker, kind: 'pull', run }),
          steps: p.steps,
          requestValidation: (r) => {
            validations++;
            validator!.requests.next(r);
          },
        })
      : new SyncServerActor({
          ...common,
          rule: policy.rule.kind === 'aggregator' ? policy.rule : { ...policy.rule, scorer: zenoScorer(p, policy.rule.zeno, slots) },
          continueWhen: (pending, run) =>
            sim.schedule({ delay: 0, priority: EventPriority.validation, actor: ids.server, kind: 'zeno-scores', pending, run: run as (v: unknown) => void }),
          workers: p.workers,
          omniscient: policy.omniscient,
          defence: policy.defence,
          ...(policy.rule.kind === 'aggregator' && policy.rule.aggregator.needsReference !== undefined ? { reference: referenceGradient(p, slots) } : {}),
          dropSlowest: policy.dropSlowest,
          roundTimings: roundsWithFaults(policy.rounds, p.faults ?? [], () => sim.now),
          rounds: p.steps,
        });

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
  if (validator && server instanceof ServerActor) {
    subscription.add(validator.validations$.subscribe({ next: guarded((v) => server.receiveValidation(v)), error: fail }));
  }
  evaluate(0);
  server.start();
  const run = await sim.run({ stopwatch: p.stopwatch });
  subscription.unsubscribe();
  const done = server instanceof ServerActor ? server.handled : server.roundsDone;
  if (done !== p.steps) throw new Error(`simulation stopped after ${done} of ${p.steps} ${policy.mode === 'async' ? 'arrivals' : 'rounds'}`);
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
    gradientJobs: records.length + validations,
    nonFinite,
    skipped: server instanceof ServerActor ? records.filter((r) => r.decision.reason === 'too-few').length : server.roundsSkipped,
  };
}
