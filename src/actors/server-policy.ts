import type { Observable } from 'rxjs';
import type { Compute } from '../compute/jobs.js';
import type { Rng } from '../core/rng.js';
import type { Fault } from '../faults/faults.js';
import type { EventLoop } from '../scheduler/event-loop.js';
import type { TaskInfo } from '../tasks/task.js';
import type { ArrivalRecord, CraftSource } from './arrival.js';
import type { BufferPool } from './buffer-pool.js';
import type { Pull, Push } from './messages.js';
import type { ModelHistory } from './model-history.js';

/** What the run needs from a server, whichever mode built it. */
export interface Server {
  /** Sends the first pulls (and whatever else the server asks for up front). */
  start(): void;
  receivePush(push: Push): void;
  /** Steps handled so far: arrivals (async) or rounds (sync); the run checks it reached `steps`. */
  readonly done: number;
  /** Steps that applied no update although one was due (sync rounds the rule could not aggregate, async flushes too few to aggregate). */
  readonly skipped: number;
}

/** What either server (async or sync) needs from the run; it reaches the workers only through `sendPull`. */
export interface ServerBaseContext extends CraftSource {
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

/** What the run hands a policy to build its server: the shared server context and the run's machinery. */
export interface ServerSetup {
  readonly base: ServerBaseContext;
  readonly sim: EventLoop;
  readonly compute: Compute;
  readonly info: TaskInfo;
  readonly rng: Rng;
  readonly workers: number;
  /** Arrivals (async) or rounds (sync) in the run. */
  readonly steps: number;
  readonly faults: readonly Fault[];
  /** Fixed actor ids of the validator and the server (tie-breaks of their events). */
  readonly ids: { readonly validator: number; readonly server: number };
  /** Feeds `source` to `handle` for the whole run; a throw in `handle` stops the run with that error. */
  readonly listen: <T>(source: Observable<T>, handle: (value: T) => void) => void;
}

/** A mode's server policy: what the run must know before the server exists, and how to build it. */
export interface ServerPolicy {
  readonly mode: 'async' | 'sync';
  /** What `steps` counts in this mode (for messages). */
  readonly unit: 'arrivals' | 'rounds';
  /** Model versions the history keeps (the oldest one a pull may still use). */
  readonly keepVersions: number;
  createServer(setup: ServerSetup): Server;
}
