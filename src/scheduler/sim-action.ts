import { Subscription, type SchedulerAction } from 'rxjs';
import type { EventHandle, EventLoop } from './event-loop.js';

/** Where an actor's RxJS work lands in the event order: its (priority, actor) and an error label. */
export interface SchedulerView {
  /** Lower runs first among events at the same tick (see `EventPriority`). */
  readonly priority: number;
  /** Actor id; breaks ties between equal (time, priority). */
  readonly actor: number;
  /** Label in error messages. @default 'rx' */
  readonly kind?: string;
}

/**
 * One RxJS scheduled action backed by EventLoop events. Like RxJS's own actions it may reschedule itself
 * (`this.schedule(state, delay)` inside its work, as `timer` with a period and `interval` do); rescheduling
 * replaces any event still pending, and unsubscribing cancels it.
 */
export class SimAction<T> extends Subscription implements SchedulerAction<T> {
  private handle: EventHandle | undefined;
  private state: T | undefined;

  constructor(
    private readonly simulator: EventLoop,
    private readonly view: SchedulerView,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super();
  }

  /** Runs the work `delay` ticks from now (a non-negative integer) with `state`. Returns this action. */
  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.cancelPending();
    this.state = state;
    this.handle = this.simulator.schedule({
      delay,
      priority: this.view.priority,
      actor: this.view.actor,
      kind: this.view.kind ?? 'rx',
      run: () => this.execute(),
    });
    return this;
  }

  /** Cancels the pending event, if any, then closes the action like any Subscription. */
  override unsubscribe(): void {
    this.cancelPending();
    super.unsubscribe();
  }

  private execute(): void {
    this.handle = undefined;
    this.work.call(this, this.state);
    // An action that did not reschedule itself is finished. Closing it detaches it from its parent
    // subscription, so long runs do not accumulate spent actions (RxJS's async actions leave them attached).
    if (this.handle === undefined) this.unsubscribe();
  }

  private cancelPending(): void {
    this.handle?.cancel();
    this.handle = undefined;
  }
}
