/**
 * What both servers do with one push, whatever the mode: turn a Byzantine one into the attack's vector, write
 * the event-log record once it is judged, and hand its buffers back.
 */
import { actionOf, type Attack, type AttackContext } from '../attacks/attack.js';
import type { RandomStream } from '../core/rng.js';
import type { Decision } from '../policies/filters/filter.js';
import type { BufferPool } from './buffer-pool.js';
import type { Push } from './messages.js';
import type { ModelHistory } from './model-history.js';

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

/** An omission attack's push: nothing arrived to judge. */
export const omitted: Decision = { accepted: false, score: Number.NaN, reason: 'omitted' };
/** A push a fault lost (crash, partition): nothing arrived to judge. */
export const lost: Decision = { accepted: false, score: Number.NaN, reason: 'lost' };

/** What crafting needs from the run. */
export interface CraftSource {
  readonly attack: Attack;
  /** The attack's draws for worker w's step-th gradient. */
  readonly attackRng: (worker: number, step: number) => RandomStream;
}

/** Sync mode's omniscient knowledge of the round (see {@link AttackContext}). */
export type RoundKnowledge = Pick<AttackContext, 'round' | 'roundByzantine' | 'defence'>;

/**
 * The vector the server judges for `push`: the attack's, crafted into `out()`, when the push is Byzantine and
 * brought a vector and the attack acts on the vector; otherwise the worker's own (honest, or trained on
 * altered data).
 */
export function candidateOf(push: Push, source: CraftSource, out: () => Float32Array, knowledge?: RoundKnowledge): Float32Array {
  const { attack } = source;
  if (!push.byzantine || push.omitted || push.lost !== undefined || !actionOf(attack, 'vector')) return push.gradient;
  const crafted = out();
  const rng = source.attackRng(push.worker, push.step);
  // The usual context as a literal; with the true gradient or a round's knowledge, composed.
  const context: AttackContext =
    push.trueGradient === undefined && knowledge === undefined
      ? { rng, worker: push.worker, step: push.step }
      : { rng, worker: push.worker, step: push.step, ...(push.trueGradient ? { trueGradient: push.trueGradient } : {}), ...knowledge };
  attack.craft(push.gradient, crafted, context);
  return crafted;
}

/** How the server handled a push: the fields of its record that the push does not carry. */
export interface Handled {
  /** Virtual time (ticks) of the handling. */
  readonly time: number;
  readonly arrival: number;
  readonly staleness: number;
  readonly decision: Decision;
  /** Server version after handling. */
  readonly serverVersion: number;
}

/** The event-log record of a handled push. */
export function arrivalRecord(push: Push, attack: string, h: Handled): ArrivalRecord {
  if (push.fault === undefined && push.lost === undefined) {
    // The usual records, as literals (the same fields in the same order as the general case below).
    return push.byzantine
      ? { time: h.time, arrival: h.arrival, worker: push.worker, byzantine: true, attack, version: push.version, staleness: h.staleness, decision: h.decision, serverVersion: h.serverVersion, pulledAt: push.pulledAt, pulledAfter: push.pulledAfter }
      : { time: h.time, arrival: h.arrival, worker: push.worker, byzantine: false, version: push.version, staleness: h.staleness, decision: h.decision, serverVersion: h.serverVersion, pulledAt: push.pulledAt, pulledAfter: push.pulledAfter };
  }
  return {
    time: h.time,
    arrival: h.arrival,
    worker: push.worker,
    byzantine: push.byzantine,
    ...(push.byzantine ? { attack } : {}),
    version: push.version,
    staleness: h.staleness,
    decision: h.decision,
    serverVersion: h.serverVersion,
    pulledAt: push.pulledAt,
    pulledAfter: push.pulledAfter,
    fault: push.lost ?? push.fault,
  };
}

/** Returns a handled push's model version and buffers. */
export function releasePush(push: Push, history: ModelHistory, slots: BufferPool): void {
  history.release(push.version);
  slots.release(push.gradient);
  if (push.trueGradient) slots.release(push.trueGradient);
}
