import type { ArrivalContext, AsyncFilter } from '../policies/filters/filter.js';
import type { Pull, Push, Validation, ValidationRequest } from './messages.js';
import type { PullPolicy, TimedPull } from '../timing/timing.js';
import { sgdStep, squaredNorm } from '../engine/vectors.js';
import { arrivalRecord, candidateOf, lost, omitted, releasePush } from './arrival.js';
import type { Server, ServerBaseContext } from './server-policy.js';

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
export class ServerActor implements Server {
  private readonly inbox: Push[] = [];
  private arrivals = 0;
  private tooFew = 0;
  private dispatched = 0;
  private validation: Float32Array | undefined;
  /** ‖validation‖², once per refresh (Zeno++ needs it at every arrival). */
  private validationSquaredNorm: number | undefined;
  private validationRefresh = -1;
  private readonly crafted: Float32Array;
  private readonly direction: Float32Array;
  /** Where an attack crafts its vector (made once: nothing is allocated per arrival that need not be). */
  private readonly craftedOut = (): Float32Array => this.crafted;

  constructor(private readonly ctx: ServerContext) {
    this.crafted = ctx.slots.acquire();
    this.direction = ctx.slots.acquire();
  }

  get done(): number {
    return this.arrivals;
  }

  /** Buffer flushes the filter's aggregator could not run (decision 'too-few'). */
  get skipped(): number {
    return this.tooFew;
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
    this.validationSquaredNorm = squaredNorm(v.gradient);
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
    const { filter, history } = this.ctx;
    const arrival = this.arrivals++;
    const staleness = history.latest - push.version;
    const candidate = candidateOf(push, this.ctx, this.craftedOut);
    const lr = this.ctx.lr(arrival);
    const arrivalCtx: Mutable<ArrivalContext> = {
      validation: this.validation,
      validationSquaredNorm: this.validationSquaredNorm,
      lr,
      initialLr: this.ctx.lr(0),
      staleness,
      arrival,
      worker: push.worker,
      baseParams: history.params(push.version),
      currentParams: history.params(history.latest),
    };
    if (this.ctx.workerLr !== undefined) arrivalCtx.workerLr = this.ctx.workerLr;
    // Every arrival reaches the filter, an omitted one too (as `omitted`), so filters that count arrivals see them all; a push lost to a fault does not (nothing arrived).
    const decision = push.lost !== undefined ? lost : push.omitted ? (filter.omitted?.(arrivalCtx, this.direction) ?? omitted) : filter.decide(candidate, arrivalCtx, this.direction);
    if ((decision.accepted && !decision.deferred) || decision.serverStep) {
      const next = history.draft();
      const finite = sgdStep(next, history.params(history.latest), decision.step ?? lr, this.ctx.momentum ? this.ctx.momentum(this.direction) : this.direction, this.ctx.weightDecay);
      history.publish(next, finite);
    }
    if (decision.reason === 'too-few') this.tooFew++;
    releasePush(push, history, this.ctx.slots);
    this.ctx.onArrival(arrivalRecord(push, this.ctx.attack.name, { time: this.ctx.now(), arrival, staleness, decision, serverVersion: history.latest }));
    this.requestValidationIfDue();
    for (const [w, pull] of this.ctx.pulls.afterArrival(push.worker, arrival, history)) this.send(w, pull);
  }

  private send(worker: number, pull: TimedPull): void {
    if (this.dispatched >= this.ctx.steps) return;
    this.dispatched++;
    if (pull.wait !== undefined && pull.wait > 0) this.ctx.later(pull.wait, worker, () => this.ctx.sendPull(worker, this.pullOf(pull)));
    else this.ctx.sendPull(worker, this.pullOf(pull));
  }

  /** The worker's pull: the timing model's, its version picked now, with the arrivals handled so far. */
  private pullOf(pull: TimedPull): Pull {
    const version = typeof pull.version === 'number' ? pull.version : pull.version(this.ctx.history);
    // The common pull (a version and a delay) is built as a literal; one with schedule or fault fields is copied whole.
    if (pull.byzantine === undefined && pull.exact === undefined && pull.lost === undefined && pull.fault === undefined) {
      return { delay: pull.delay, version, handled: this.arrivals };
    }
    const { wait: _wait, version: _version, ...timing } = pull;
    return { ...timing, version, handled: this.arrivals };
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
