import type { z } from 'zod';
import type { ConfigIssue } from '../core/errors.js';
import type { Rng } from '../core/rng.js';

/** The server's model versions as a timing model sees them. */
export interface VersionView {
  readonly latest: number;
  /** The oldest version the server still keeps for the timing model (see `keepVersions`). */
  readonly oldestKept: number;
}

/** How a Byzantine worker picks its own timing (an attack's 'timing' action): see `AttackAction` in src/attacks/attack.ts. */
export interface TimingChoice {
  readonly latency: 'fastest' | 'slowest';
  readonly factor: number;
}

/** When a worker's push reaches the server, and what the schedule fixes about it. */
export interface PushTiming {
  /** Ticks from the pull to the push reaching the server. */
  readonly delay: number;
  /** Fixed by the schedule (scripted, replay); undefined = the config's Byzantine assignment decides. */
  readonly byzantine?: boolean;
  /** The schedule is exact: a timing attack does not move it (scripted, replay). */
  readonly exact?: boolean;
  /** The push is lost (the name of the fault that lost it): nothing is computed, the server logs the slot as lost. */
  readonly lost?: string;
  /** The name of a fault that moved the push or changed its flag, for the event log. */
  readonly fault?: string;
}

/** A pull as the timing model decides it; the server adds what it knows (arrivals handled). */
export interface TimedPull extends PushTiming {
  /** The model version the worker computes on, or how to pick it from the history at the time of the pull. */
  readonly version: number | ((history: VersionView) => number);
  /** Ticks from now until the worker pulls (0 or undefined: now). */
  readonly wait?: number;
}

/** Which worker pulls what, and when its push will arrive: an asynchronous timing model seen from the server. */
export interface PullPolicy {
  /** How many newest model versions the server must keep for this policy. */
  readonly keepVersions: number;
  /** The pulls that start the run. */
  initial(history: VersionView): Array<[worker: number, pull: TimedPull]>;
  /** The pulls that follow the server's handling of arrival `arrival` (sent by `worker`). */
  afterArrival(worker: number, arrival: number, history: VersionView): Array<[worker: number, pull: TimedPull]>;
}

/**
 * A synchronous round as the timing model decides it: per worker, when its push reaches the server after the
 * round starts, or undefined if the worker takes no part in the round.
 */
export type RoundTimings = (round: number) => ReadonlyArray<PushTiming | undefined>;

/** What a timing model may know about the run. */
export interface TimingSetup {
  readonly workers: number;
  /** Arrivals (async) or rounds (sync) in the run. */
  readonly steps: number;
  readonly mode: 'async' | 'sync';
  /** The run's `timing` RNG node: a model draws only from forks of it. */
  readonly rng: Rng;
}

/**
 * A timing model: one file with its params schema (the fields besides `model`), its asynchronous pulls, its
 * synchronous round timings and its catalogue text, registered by name like filters and attacks.
 */
export interface TimingEntry<S extends z.ZodObject = z.ZodObject> {
  readonly params: S;
  /** Checks that need the run's shape (workers, steps, mode); paths are relative to the `timing` field. */
  issues?(params: z.output<S>, setup: Omit<TimingSetup, 'rng'>): ConfigIssue[];
  /** Asynchronous mode: who pulls what and when the pushes arrive. */
  pulls(params: z.output<S>, setup: TimingSetup): PullPolicy;
  /** Synchronous mode: when each worker's push of a round arrives. */
  rounds(params: z.output<S>, setup: TimingSetup): RoundTimings;
  /**
   * Asynchronous mode: whether a Byzantine worker that picks its own model version and delay as `action` says (an
   * attack's 'timing' action: the newest version and one tick, or the oldest kept version and `factor` × its
   * delay) can change the run under these params. False for a schedule written by hand (scripted), one that leaves
   * no choice (bounded with maxDelay 0: one arrival at a time on the one kept version), or latency's 'slowest'
   * with factor 1 (one version kept, the delay unchanged); an attack that acts only there is then refused before
   * any work. (A replay keeps the default: its recording holds the timing the attack chose.) @default true
   */
  timingAttacks?(params: z.output<S>, action: TimingChoice): boolean;
  /**
   * Synchronous mode: every worker takes part in every round and the config's assignment alone decides which
   * pushes are Byzantine (bounded, latency). Without it a round may leave workers out or fix its Byzantine pushes
   * (scripted, replay), and checks that need a round's size (ALIE's z_max, mimic's target) assume the worst
   * unless `roundShape` says more.
   * @default false
   */
  readonly fullRounds?: boolean;
  /**
   * Synchronous mode, for a model that fixes its rounds in its params (replay): the fewest vectors a round holds
   * (lost pushes left out) and the most Byzantine ones, which those checks then use instead of the worst case.
   */
  roundShape?(params: z.output<S>): { readonly minSize: number; readonly maxByzantine: number };
  /** One line for `byzsim list`, and the config shape with its defaults. */
  readonly summary: string;
  readonly usage: string;
}
