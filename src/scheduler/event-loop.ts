import { SimulationError } from '../core/errors.js';
import { EventQueue, type QueueEntry } from './event-queue.js';

/** What to schedule. Events run in (time, priority, actor, seq) order; see {@link EventLoop}. */
export interface EventSpec {
  /** Ticks from now; a non-negative safe integer. */
  readonly delay: number;
  /** Lower runs first among events at the same tick; an integer (see `EventPriority`). */
  readonly priority: number;
  /** Actor id (an integer); breaks ties between equal (time, priority). */
  readonly actor: number;
  /** Label used only in error messages, e.g. `'arrival'`. */
  readonly kind: string;
  /** The handler. Runs synchronously with the settled value of `pending` (undefined without one). */
  readonly run: (value: unknown) => void;
  /** A result the handler needs; the event does not run before it has settled. A rejection stops the run. */
  readonly pending?: PromiseLike<unknown>;
}

/** A scheduled event. */
export interface EventHandle {
  /** Virtual time (ticks) at which the event is due. */
  readonly time: number;
  /** Insertion number within the simulator. */
  readonly seq: number;
  /** Removes the event if it has not run yet. Returns true if it was removed. O(1). */
  cancel(): boolean;
}

/** Limits of one {@link EventLoop.run} call. */
export interface RunOptions {
  /** Run events with time ≤ until, then set `now = until`. An integer ≥ now. @default Infinity */
  readonly until?: number;
  /** Run at most this many events in this call. @default Infinity */
  readonly maxEvents?: number;
  /** Checked before each event; returning true stops the run (e.g. "the server has applied 2000 updates"). */
  readonly shouldStop?: () => boolean;
  /**
   * A wall clock (ms) supplied by the caller, who measures cost; the simulation itself never reads one. When
   * given, `stats.waitMs` accumulates the time the flush spent waiting on pending results.
   */
  readonly stopwatch?: () => number;
}

/** Why {@link EventLoop.run} returned: no events left, `until` reached, `maxEvents` reached, or `shouldStop`. */
export type StopReason = 'idle' | 'until' | 'max-events' | 'stopped';

/** Outcome of one {@link EventLoop.run} call. */
export interface LoopResult {
  readonly reason: StopReason;
  /** Events run by this call. */
  readonly eventsRun: number;
}

/** Counters of a {@link EventLoop}. */
export interface EventLoopStats {
  /** Events run so far. */
  readonly eventsRun: number;
  /**
   * Times the flush found the head event's pending result unsettled and had to wait. A wall-clock statistic
   * (it depends on how fast the real work is), never part of the simulated trace.
   */
  readonly waits: number;
  /** Wall-clock ms spent in those waits, measured with the `stopwatch` given to `run` (0 without one). */
  readonly waitMs: number;
}

/** Queue payload. The settled fields are written by a recording-only `.then`; see {@link EventLoop.schedule}. */
interface SimEvent {
  readonly kind: string;
  readonly run: (value: unknown) => void;
  /** Resolves (never rejects) once `pending` has settled; undefined if the event had no pending result. */
  settledSignal: Promise<void> | undefined;
  settled: boolean;
  rejected: boolean;
  value: unknown;
}

type Where = SimulationError['where'];

function whereOf(e: QueueEntry<SimEvent>): Where {
  return { time: e.time, seq: e.seq, actor: e.actor, kind: e.payload.kind };
}

function requireInteger(name: string, value: number, kind: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} of event '${kind}' must be a safe integer, got ${value}`);
}

/** The handle of a scheduled event. */
class ScheduledEvent implements EventHandle {
  constructor(
    private readonly entry: QueueEntry<SimEvent>,
    private readonly cancelEntry: (entry: QueueEntry<SimEvent>) => boolean,
  ) {}

  get time(): number {
    return this.entry.time;
  }

  get seq(): number {
    return this.entry.seq;
  }

  cancel(): boolean {
    return this.cancelEntry(this.entry);
  }
}

/**
 * A discrete-event kernel that owns virtual time (SimPy-sized): a heap of events ordered by
 * (time in integer ticks, priority, actor, seq), and an async flush that is the only place that ever awaits.
 *
 * An event may carry a pending promise (a compute job). The flush awaits it only when that event is at the head
 * of the queue, and virtual time stands still meanwhile, so the order and times of events never depend on when
 * real work finishes (docs/design.md, determinism contract 3). Handlers run synchronously and may schedule and cancel.
 * A rejected pending result, a throwing handler or {@link EventLoop.fail} stops the run with a
 * {@link SimulationError} that says where (time, seq, actor, kind).
 */
export class EventLoop {
  private readonly queue = new EventQueue<SimEvent>();
  private clock = 0;
  private running = false;
  /** True while the flush awaits a pending result: nothing may touch the queue then. */
  private waiting = false;
  /** The event being run (its `Where` is built only if something fails). */
  private current: QueueEntry<SimEvent> | undefined;
  /** Sticky: once set, every later `run` throws it again; a failed simulation cannot be resumed. */
  private failure: { message: string; error: unknown; where: Where } | undefined;
  private runCount = 0;
  private waitCount = 0;
  private waitTime = 0;

  /** Current virtual time in integer ticks; starts at 0 and only the flush advances it. */
  get now(): number {
    return this.clock;
  }

  /** Number of scheduled events that have neither run nor been cancelled. */
  get pendingEvents(): number {
    return this.queue.size;
  }

  /** Wall-clock-free counters over all `run` calls (the caller measures wall time outside). */
  get stats(): EventLoopStats {
    return { eventsRun: this.runCount, waits: this.waitCount, waitMs: this.waitTime };
  }

  /** Schedules an event `spec.delay` ticks from now. Throws RangeError for a bad delay, priority or actor. */
  schedule(spec: EventSpec): EventHandle {
    const { delay, priority, actor, kind, run, pending } = spec;
    this.refuseWhileWaiting('schedule', kind);
    if (!(Number.isSafeInteger(delay) && delay >= 0)) {
      throw new RangeError(`delay of event '${kind}' must be a non-negative integer number of ticks, got ${delay}`);
    }
    requireInteger('priority', priority, kind);
    requireInteger('actor', actor, kind);
    const time = this.clock + delay;
    requireInteger('due time (now + delay)', time, kind);

    const event: SimEvent = { kind, run, settledSignal: undefined, settled: pending === undefined, rejected: false, value: undefined };
    if (pending !== undefined) {
      // Records the outcome only; no simulation logic runs here. Attaching the handlers now also means a result
      // that rejects long before its event reaches the head is not reported as an unhandled rejection.
      event.settledSignal = Promise.resolve(pending).then(
        (value) => {
          event.settled = true;
          event.value = value;
        },
        (error: unknown) => {
          event.settled = true;
          event.rejected = true;
          event.value = error;
        },
      );
    }
    return new ScheduledEvent(this.queue.push(time, priority, actor, event), this.cancelEntry);
  }

  /** Cancels a scheduled event (made once per loop and shared by every handle: nothing allocated per event for it). */
  private readonly cancelEntry = (entry: QueueEntry<SimEvent>): boolean => {
    this.refuseWhileWaiting('cancel', entry.payload.kind);
    return this.queue.cancel(entry);
  };

  /**
   * Stops the run: the flush throws a SimulationError with `error` as cause once the current handler returns.
   * For errors that surface where no exception can reach the flush, e.g. an RxJS `error` callback.
   */
  fail(error: unknown): void {
    const where = this.current !== undefined ? whereOf(this.current) : { time: this.clock, seq: -1, actor: -1, kind: 'outside any event' };
    this.failure ??= { message: `simulation failed: ${String(error)}`, error, where };
  }

  /**
   * The async flush: runs events in order until the queue is empty or a limit in `options` is reached.
   * Only one run may be active at a time; handlers must not call it.
   */
  async run(options: RunOptions = {}): Promise<LoopResult> {
    const { until = Infinity, maxEvents = Infinity, shouldStop, stopwatch } = options;
    if (until !== Infinity && !(Number.isSafeInteger(until) && until >= this.clock)) {
      throw new RangeError(`until must be an integer ≥ now (${this.clock}) or Infinity, got ${until}`);
    }
    if (maxEvents !== Infinity && !(Number.isSafeInteger(maxEvents) && maxEvents >= 0)) {
      throw new RangeError(`maxEvents must be a non-negative integer or Infinity, got ${maxEvents}`);
    }
    if (this.running) throw new Error('EventLoop.run is already active; handlers must not call it');
    this.running = true;
    let ran = 0;
    try {
      for (;;) {
        this.throwIfFailed();
        if (ran >= maxEvents) return { reason: 'max-events', eventsRun: ran };
        if (shouldStop?.()) return { reason: 'stopped', eventsRun: ran };
        const head = this.queue.peek();
        if (head === undefined || head.time > until) {
          if (until !== Infinity) this.clock = until;
          return { reason: head === undefined && until === Infinity ? 'idle' : 'until', eventsRun: ran };
        }
        const event = head.payload;
        if (!event.settled) {
          // Virtual time stands still here. Nothing else may run meanwhile, so after the wait the head is the
          // same event (schedule/cancel refuse while waiting) and we go round again to re-check strictly.
          this.waitCount++;
          this.waiting = true;
          const waitStart = stopwatch?.();
          try {
            await event.settledSignal;
          } finally {
            this.waiting = false;
            if (waitStart !== undefined) this.waitTime += stopwatch!() - waitStart;
          }
          continue;
        }
        this.queue.pop();
        this.clock = head.time;
        this.current = head;
        if (event.rejected) this.stop(`pending result rejected: ${String(event.value)}`, event.value, whereOf(head));
        try {
          event.run(event.value);
        } catch (error) {
          this.stop(`handler threw: ${String(error)}`, error, whereOf(head));
        }
        this.current = undefined;
        this.runCount++;
        ran++;
      }
    } finally {
      this.current = undefined;
      this.running = false;
    }
  }

  private stop(message: string, error: unknown, where: Where): never {
    this.failure ??= { message, error, where };
    throw this.failureError(this.failure);
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failureError(this.failure);
  }

  private failureError({ message, error, where }: NonNullable<EventLoop['failure']>): SimulationError {
    return new SimulationError(message, where, { cause: error });
  }

  private refuseWhileWaiting(action: string, kind: string): void {
    if (!this.waiting) return;
    // Only code outside the event loop (a `.then` callback, a real timer) can get here: a determinism bug.
    const error = new Error(`${action}('${kind}') called while the flush waits on a pending result; only event handlers may ${action}`);
    this.fail(error);
    throw error;
  }
}
