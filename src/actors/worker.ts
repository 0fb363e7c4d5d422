import { Subject, type Observable, type SchedulerLike, map } from 'rxjs';
import { actionOf, type Attack, type AttackAction } from '../attacks/attack.js';
import type { Compute } from '../compute/jobs.js';
import { deliverAfter } from '../scheduler/rx-scheduler.js';
import type { BufferPool } from './buffer-pool.js';
import type { EpochBatches } from './batches.js';
import type { Pull, Push } from './messages.js';
import type { ModelHistory } from './model-history.js';
import { momentumStep, type MomentumForm } from '../policies/momentum.js';

const ignore = (): void => {};

/** What a worker actor needs from the run; it holds no reference to the server. */
export interface WorkerContext {
  readonly compute: Compute;
  readonly history: ModelHistory;
  /** Shared gradient slots, returned by the server once it has handled the push. */
  readonly slots: BufferPool;
  readonly batches: EpochBatches;
  /** Whether the worker's `step`-th gradient is Byzantine (fixed set, or a Bernoulli draw per gradient). */
  readonly isByzantine: (step: number) => boolean;
  /** Attacks begin once the server has handled this many arrivals (async) or rounds (sync). */
  readonly startAfter: number;
  /** Async omniscient knowledge: the training indices of the true-gradient job for step `step`, or undefined. */
  readonly trueGradientBatch?: (step: number) => Int32Array;
  /** Where the attack acts; the worker reads data (the job), omission (sending at all), timing, and whether the vector action needs the true gradient. */
  readonly attack: Pick<Attack, 'acts'>;
  /** This actor's view of virtual time. */
  readonly scheduler: SchedulerLike;
  /** Local training: `steps` > 1 SGD steps at rate `lr` per pull, then the update is sent instead of a gradient. */
  readonly local?: LocalTraining;
  /** Worker momentum: the worker sends m ← β·m + (1 − β)·g ('ema') or β·m + g ('heavy-ball') instead of g. */
  readonly momentum?: { readonly beta: number; readonly form: MomentumForm };
}

/** Federated workers: how many local SGD steps per pull, at which rate. */
export interface LocalTraining {
  readonly steps: number;
  readonly lr: number;
}

/**
 * A worker: each pull snapshots a model version and dispatches the gradient job to the pool at once, so the
 * pool computes ahead; the push reaches the server `delay` ticks later, when the scheduler has the result.
 */
export class WorkerActor {
  /** Mailbox: server → worker. */
  readonly pulls = new Subject<Pull>();
  /** Gradients on their way to the server, in virtual time. */
  readonly pushes$: Observable<Push>;
  private step = 0;
  /** Worker momentum: the buffer, and the previous push's update of it (updates run in step order). */
  private momentum?: Float32Array;
  private momentumDone: Promise<unknown> = Promise.resolve();
  /** The attack's actions on the worker's side, read once. */
  private readonly flips: boolean;
  private readonly omits: boolean;
  private readonly trueGradient: boolean;
  private readonly timing: Extract<AttackAction, { on: 'timing' }> | undefined;

  constructor(readonly id: number, private readonly ctx: WorkerContext) {
    this.flips = actionOf(ctx.attack, 'data')?.labels === 'flip';
    this.omits = actionOf(ctx.attack, 'omission') !== undefined;
    this.trueGradient = actionOf(ctx.attack, 'vector')?.knowledge === 'true-gradient';
    this.timing = actionOf(ctx.attack, 'timing');
    this.pushes$ = this.pulls.pipe(
      map((pull) => this.start(pull)),
      deliverAfter(ctx.scheduler, (p: Push) => p.delay, (p: Push) => p.pending),
    );
  }

  private start(pull: Pull): Push {
    const { history, slots, batches } = this.ctx;
    const step = this.step++;
    const byzantine = pull.byzantine ?? (pull.handled >= this.ctx.startAfter && this.ctx.isByzantine(step));
    const { version, delay } = byzantine && !pull.exact ? this.byzantineTiming(pull) : pull;
    const gradient = slots.acquire();
    const omitted = byzantine && this.omits && pull.lost === undefined;
    history.retain(version);
    const pulledAt = this.ctx.scheduler.now();
    const pulledAfter = pull.handled;
    if (pull.lost !== undefined) {
      const fault = { lost: pull.lost, ...(pull.fault !== undefined ? { fault: pull.fault } : {}) };
      return { worker: this.id, step, version, byzantine, omitted: false, gradient, pending: Promise.resolve({ loss: Number.NaN }), delay, pulledAt, pulledAfter, ...fault };
    }
    const flip = byzantine && this.flips;
    let pending = omitted ? Promise.resolve({ loss: Number.NaN }) : this.ctx.local ? this.localJob(step, version, flip, gradient, this.ctx.local) : this.gradientJob(version, batches.batch(step), flip, gradient);
    if (this.ctx.momentum && !omitted) pending = this.withMomentum(pending, gradient, this.ctx.momentum);
    let trueGradient: Float32Array | undefined;
    if (byzantine && !omitted && this.trueGradient && this.ctx.trueGradientBatch) {
      trueGradient = slots.acquire();
      const own = pending;
      const truth = this.gradientJob(version, this.ctx.trueGradientBatch(step), false, trueGradient);
      pending = Promise.all([own, truth]).then(([r]) => r);
    }
    // The scheduler reports a failure when the push is due; this only stops Node calling it unhandled.
    pending.catch(ignore);
    // The usual push as a literal; one with a true gradient or a fault's name, composed.
    if (trueGradient === undefined && pull.fault === undefined) return { worker: this.id, step, version, byzantine, omitted, gradient, pending, delay, pulledAt, pulledAfter };
    return { worker: this.id, step, version, byzantine, omitted, gradient, ...(trueGradient ? { trueGradient } : {}), pending, delay, pulledAt, pulledAfter, ...(pull.fault !== undefined ? { fault: pull.fault } : {}) };
  }

  private gradientJob(version: number, indices: Int32Array, flipLabels: boolean, out: Float32Array) {
    return this.ctx.compute.run({ kind: 'gradient', params: this.ctx.history.params(version), split: 'train', indices, flipLabels, out });
  }

  /**
   * Replaces the computed vector by the worker's momentum once it is computed. Chained on the previous push's
   * update, so the buffer absorbs the worker's vectors in step order whatever order the pool finishes them in.
   */
  private withMomentum<T>(pending: Promise<T>, vector: Float32Array, { beta, form }: { beta: number; form: MomentumForm }): Promise<T> {
    const previous = this.momentumDone;
    const next = Promise.all([pending, previous]).then(([result]) => {
      const m = (this.momentum ??= new Float32Array(vector.length));
      momentumStep(m, beta, vector, form);
      vector.set(m);
      return result;
    });
    this.momentumDone = next.catch(() => undefined);
    return next;
  }

  /** Local training: step k of pull `step` uses the worker's minibatch number step·K + k, so K = 1 is the plain worker. */
  private localJob(step: number, version: number, flipLabels: boolean, out: Float32Array, local: LocalTraining) {
    const { batches, history, compute } = this.ctx;
    const first = batches.batch(step * local.steps);
    const batchSize = first.length;
    const indices = new Int32Array(batchSize * local.steps);
    indices.set(first);
    for (let k = 1; k < local.steps; k++) indices.set(batches.batch(step * local.steps + k), k * batchSize);
    return compute.run({ kind: 'local', params: history.params(version), split: 'train', indices, batchSize, steps: local.steps, lr: local.lr, flipLabels, out });
  }

  /** A timing attack picks the newest model and the shortest delay, or the oldest allowed and a long one. */
  private byzantineTiming(pull: Pull): { version: number; delay: number } {
    const timing = this.timing;
    if (!timing) return pull;
    const { history } = this.ctx;
    return timing.latency === 'fastest'
      ? { version: history.latest, delay: 1 }
      : { version: history.oldestKept, delay: Math.max(1, Math.round(pull.delay * timing.factor)) };
  }
}
