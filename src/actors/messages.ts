import type { GradientResult } from '../compute/jobs.js';
import type { PushTiming } from '../timing/timing.js';

/** Server → worker: compute a gradient on model `version` and deliver it `delay` ticks from now. */
export interface Pull extends PushTiming {
  readonly version: number;
  /** Arrivals (async) or rounds (sync) the server had handled when it sent the pull: gates a warm-up. */
  readonly handled: number;
}

/** Worker → server: a gradient (honest, or crafted later by the attack) on its way. */
export interface Push {
  readonly worker: number;
  /** The worker's own step counter (which minibatch it used). */
  readonly step: number;
  /** The model version the gradient was computed on. */
  readonly version: number;
  readonly byzantine: boolean;
  /** An omission attack: nothing was computed or sent; the push only tells the server the slot passed. */
  readonly omitted: boolean;
  /** A fault lost the push (its name): nothing was computed; the server logs the slot as lost. */
  readonly lost?: string;
  /** A fault changed the push's timing or flag (its name), for the event log. */
  readonly fault?: string;
  /** Virtual time (ticks) of the pull, and the arrivals (async) or rounds (sync) the server had handled then. */
  readonly pulledAt: number;
  readonly pulledAfter: number;
  /** Shared buffer the pool writes the honest (or label-flipped) gradient into. */
  readonly gradient: Float32Array;
  /** Omniscient async attacks: the true gradient at `version` (a large-batch job), when the attack asks for it. */
  readonly trueGradient?: Float32Array;
  /** Settles when the gradient is in `gradient`; the scheduler awaits it only when the push is due. */
  readonly pending: Promise<GradientResult>;
  readonly delay: number;
}

/** Server → validator: compute the validation gradient for refresh number `refresh` at model `version`. */
export interface ValidationRequest {
  readonly refresh: number;
  readonly version: number;
}

/** Validator → server: Zeno++'s validation gradient v. */
export interface Validation {
  readonly refresh: number;
  readonly version: number;
  readonly gradient: Float32Array;
  readonly pending: Promise<GradientResult>;
}
