import type { Attack } from '../attacks/attack.js';
import type { RandomStream } from '../core/rng.js';
import type { ArrivalContext, AsyncFilter, Decision } from '../policies/filters/filter.js';
import type { BufferPool } from './buffer-pool.js';
import type { Pull, Push, Validation, ValidationRequest } from './messages.js';
import type { ModelHistory } from './model-history.js';
import type { PullPolicy, TimedPull } from '../timing/timing.js';
import { sgdStep } from '../engine/vectors.js';

/** An omission attack's push: nothing arrived to judge. */
const omitted: Decision = { accepted: false, score: Number.NaN, reason: 'omitted' };
/** A push a fault lost (crash, partition): nothing arrived to judge. */
export const lost: Decision = { accepted: false, score: Number.NaN, reason: 'lost' };

/** One handled arrival, as the event log records it. */
export interface ArrivalRecord {
  /** Virtual time in ticks. */
  readonly time: number;
  readonly arrival: number;
  readonly worker: number;
  readonly byzantine: boolean;
  /** The attack that produced a Byzantine arrival (undefined for honest ones). */
  readonly attack?: string;
  /** Model version the gradient was computed on, and server version minus it at arrival. */
  readonly version: number;
  readonly staleness: number;
  readonly decision: Decision;
  /** Server version after handling (incremented when accepted). */
  readonly serverVersion: number;
  /** Virtual time (ticks) at which the worker pulled the model it computed on. */
  readonly pulledAt: number;
  /** Arrivals (async) or rounds (sync) the server had handled when the worker pulled. */
  readonly pulledAfter: number;
  /** The fault that lost, moved or turned this push (crash, partition, slow, byzantine, pause), if any. */
  readonly fault?: string;
}

/** What either server (async or sync) needs from the run; it reaches the workers only through `sendPull`. */
export interface ServerBaseContext {
  readonly attack: Attack;
  /** The attack's draws for worker w's step-th gradient. */
  readonly attackRng: (worker: number, step: number) => RandomStream;
  readonly history: ModelHistory;
  readonly slots: BufferPool;
  /** Learning rate by arrival (async) or round (sync), and weight decay. */
  readonly lr: (step: number) => number;
  readonly weightDecay: number;
  readonly dim: number;
  readonly now: () => number;
  readonly sendPull: (worker: number, pull: Pull) => void;
  /** Called after every arrival (event log, metrics, progress). */
  readonly onArrival: (record: ArrivalRecord) => void;
  /** The workers' local learning rate when they train locally (their pushes are updates). */
  readonly workerLr?: number;
  /** Server momentum: maps each applied direction to the velocity the step follows (absent: the direction itself). */
  readonly momentum?: (direction: Float32Array) => Float32Array;
}

/** What the asynchronous server needs besides: its filter, the timing model and the validator. */
export interface ServerContext extends ServerBaseContext {
  readonly filter: AsyncFilter;
  readonly pulls: PullPolicy;
  /** Runs `run` `wait` ticks from now, in the pulls' slot of the event order (deferred pulls). */
  readonly later: (wait: number, worker: number, run: () => void) => void;
  /** Total arrivals in the run: no pull is sent beyond it. */
  readonly steps: number;
  readonly requestValidation: (request: ValidationRequest) => void;
}

/**
 * The server actor: a mailbox of pushes handled one at a time, in virtual-time order. Each push is
 * (maybe) turned into the attack's vector, judged by the filter and, when accepted, applied as an SGD step to
 * the latest model. When the filter needs a fresh validation gradient for the next arrival, it is requested
 * as soon as the model it must be computed on is known, and the mailbox waits for it.
 */
export class ServerActor {
  private readonly inbox: Push[] = [];
  private arrivals = 0;
  private dispatched = 0;
  private validation: Float32Array | undefined;
  private validationRefresh = -1;
  private readonly crafted: Float32Array;
  private readonly direction: Float32Array;

  constructor(private readonly ctx: ServerContext) {
    this.crafted = ctx.slots.acquire();
    this.direction = ctx.slots.acquire();
  }

  get handled(): number {
    return this.arrivals;
  }

  /** Sends the first pulls (and the first validation request). */
  start(): void {
    this.requestValidationIfDue();
    for (const [w, pull] of this.ctx.pulls.initial(this.ctx.history)) this.send(w, pull);
  }

  receivePush(push: Push): void {
    this.inbox.push(push);
    this.drain();
  }

  receiveValidation(v: Validation): void {
    this.validation = v.gradient;
    this.validationRefresh = v.refresh;
    this.drain();
  }

  private drain(): void {
    while (this.inbox.length > 0 && this.hasValidationFor(this.arrivals)) this.handle(this.inbox.shift()!);
  }

  private refreshOf(arrival: number): number {
    const k = this.ctx.filter.refreshEvery;
    return k > 0 ? Math.floor(arrival / k) : -1;
  }

  private hasValidationFor(arrival: number): boolean {
    return this.ctx.filter.refreshEvery === 0 || this.validationRefresh === this.refreshOf(arrival);
  }

  private requestValidationIfDue(): void {
    const k = this.ctx.filter.refreshEvery;
    if (k > 0 && this.arrivals % k === 0 && this.arrivals < this.ctx.steps) {
      this.ctx.requestValidation({ refresh: this.refreshOf(this.arrivals), version: this.ctx.history.latest });
    }
  }

  private handle(push: Push): void {
    const { filter, attack, history } = this.ctx;
    const arrival = this.arrivals++;
    const staleness = history.latest - push.version;
    let candidate = push.gradient;
    if (push.byzantine && !attack.flipsLabels && !push.omitted && push.lost === undefined) {
      attack.craft(push.gradient, this.crafted, {
        rng: this.ctx.attackRng(push.worker, push.step),
        worker: push.worker,
        step: push.step,
        ...(push.trueGradient ? { trueGradient: push.trueGradient } : {}),
      });
      candidate = this.crafted;
    }
    const lr = this.ctx.lr(arrival);
    const arrivalCtx: ArrivalContext = {
      validation: this.validation,
      lr,
      initialLr: this.ctx.lr(0),
      staleness,
      arrival,
      worker: push.worker,
      baseParams: history.params(push.version),
      currentParams: history.params(history.latest),
      ...(this.ctx.workerLr === undefined ? {} : { workerLr: this.ctx.workerLr }),
    };
    // Every arrival reaches the filter, an omitted one too (as `omitted`), so filters that count arrivals see them all; a push lost to a fault does not (nothing arrived).
    const decision = push.lost !== undefined ? lost : push.omitted ? (filter.omitted?.(arrivalCtx, this.direction) ?? omitted) : filter.decide(candidate, arrivalCtx, this.direction);
    if ((decision.accepted && !decision.deferred) || decision.serverStep) {
      const next = history.draft();
      sgdStep(next, history.params(history.latest), decision.step ?? lr, this.ctx.momentum ? this.ctx.momentum(this.direction) : this.direction, this.ctx.weightDecay);
      history.publish(next);
    }
    history.release(push.version);
    this.ctx.slots.release(push.gradient);
    if (push.trueGradient) this.ctx.slots.release(push.trueGradient);
    this.ctx.onArrival({
      time: this.ctx.now(),
      arrival,
      worker: push.worker,
      byzantine: push.byzantine,
      ...(push.byzantine ? { attack: attack.name } : {}),
      version: push.version,
      staleness,
      decision,
      serverVersion: history.latest,
      pulledAt: push.pulledAt,
      pulledAfter: push.pulledAfter,
      ...(push.fault !== undefined || push.lost !== undefined ? { fault: push.lost ?? push.fault } : {}),
    });
    this.requestValidationIfDue();
    for (const [w, pull] of this.ctx.pulls.afterArrival(push.worker, arrival, history)) this.send(w, pull);
  }

  private send(worker: number, pull: TimedPull): void {
    if (this.dispatched >= this.ctx.steps) return;
    this.dispatched++;
    const { wait = 0, version, ...timing } = pull;
    const go = () =>
      this.ctx.sendPull(worker, { ...timing, version: typeof version === 'number' ? version : version(this.ctx.history), handled: this.arrivals });
    if (wait > 0) this.ctx.later(wait, worker, go);
    else go();
  }
}
