import { Observable, type MonoTypeOperatorFunction, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';
import { SimAction, type SchedulerView } from './sim-action.js';
import type { EventHandle, EventLoop } from './event-loop.js';

export type { SchedulerView } from './sim-action.js';

/**
 * An RxJS scheduler over a {@link EventLoop}: `now()` is virtual time in ticks and every scheduled action is a
 * simulator event with this view's (priority, actor). Give each actor its own view so that ties at a tick
 * break by (priority, actor, seq) instead of by subscription order. Delays passed to RxJS operators
 * (`delay`, `timer`, `interval`, ...) are in ticks and must be non-negative integers.
 */
export class SimScheduler implements SchedulerLike {
  constructor(
    readonly simulator: EventLoop,
    readonly view: SchedulerView,
  ) {}

  /** Virtual time in ticks. */
  now(): number {
    return this.simulator.now;
  }

  /** Runs `work` `delay` ticks from now; the returned subscription cancels it. */
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new SimAction<T>(this.simulator, this.view, work).schedule(state, delay);
  }

  /** A plain simulator event in this view's slot of the order, optionally waiting on a pending result. */
  event(delay: number, run: (value: unknown) => void, pending?: PromiseLike<unknown>): EventHandle {
    const { priority, actor, kind = 'rx' } = this.view;
    return this.simulator.schedule({ delay, priority, actor, kind, run, pending });
  }
}

/** The scheduler view of one actor: `rxScheduler(sim, { priority: EventPriority.arrival, actor: 3 })`. */
export function rxScheduler(simulator: EventLoop, view: SchedulerView): SimScheduler {
  return new SimScheduler(simulator, view);
}

/**
 * Emits each source value `delayOf(value)` ticks after it arrives in virtual time. If `pendingOf(value)` gives a
 * promise, the emission's event also waits for it to settle: the flush awaits it only once that event is at the
 * head of the queue, so emission times never depend on real completion order, and a rejection stops the run
 * with a SimulationError. Completion is forwarded after the last scheduled emission; errors are forwarded at
 * once (like RxJS `delay`); unsubscribing cancels the emissions still scheduled. A bad delay (negative, NaN,
 * fractional) fails the simulator (see `EventLoop.fail`) rather than the stream.
 *
 * With a non-simulator scheduler (e.g. RxJS's TestScheduler) it falls back to `scheduler.schedule` and
 * `pendingOf` must not return a promise, since nothing would await it.
 */
export function deliverAfter<T>(
  scheduler: SchedulerLike,
  delayOf: (value: T) => number,
  pendingOf?: (value: T) => PromiseLike<unknown> | undefined,
): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      // One token per scheduled emission; the Set keeps cancellation O(1) and insertion-ordered.
      const inFlight = new Set<{ cancel(): void }>();
      let sourceDone = false;
      const subscription = source.subscribe({
        next: (value) => {
          const token = { cancel: nothing };
          inFlight.add(token);
          try {
            token.cancel = scheduleDelivery(scheduler, delayOf(value), pendingOf?.(value), () => {
              if (!inFlight.delete(token)) return;
              subscriber.next(value);
              if (sourceDone && inFlight.size === 0) subscriber.complete();
            });
          } catch (error) {
            inFlight.delete(token);
            // A bad delay is a bug, not a stream event: stop the whole simulation. Erroring the stream instead
            // would, without an error handler downstream, only be reported by RxJS on a real timer, after the run.
            if (scheduler instanceof SimScheduler) scheduler.simulator.fail(error);
            else subscriber.error(error);
          }
        },
        error: (error) => subscriber.error(error),
        complete: () => {
          sourceDone = true;
          if (inFlight.size === 0) subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        for (const token of inFlight) token.cancel();
        inFlight.clear();
      };
    });
}

/** A token's cancel until its delivery is scheduled (shared: nothing is allocated for it per value). */
const nothing = (): void => {};

/** Schedules `run` and returns its cancel function. */
function scheduleDelivery(scheduler: SchedulerLike, delay: number, pending: PromiseLike<unknown> | undefined, run: () => void): () => void {
  if (scheduler instanceof SimScheduler) {
    const handle = scheduler.event(delay, run, pending);
    return () => void handle.cancel();
  }
  if (pending !== undefined) throw new TypeError('deliverAfter: a pending result needs a scheduler made by rxScheduler()');
  const subscription = scheduler.schedule(run, delay);
  return () => subscription.unsubscribe();
}
