import type { ArrivalRecord } from '../actors/arrival.js';
import { TraceHash } from '../core/hash.js';

/**
 * Event-log columns, in file order. The timing columns (the schedule a replay re-runs): time_ms, arrival,
 * worker, byzantine, pulled_ms, pulled_after (arrivals, or rounds, the server had handled at the pull) and
 * fault; the rest depend on the policy.
 */
export const eventColumns = [
  'time_ms', 'arrival', 'worker', 'byzantine', 'attack', 'sent', 'version', 'staleness', 'score', 'accepted', 'reason', 'server_version', 'pulled_ms', 'pulled_after', 'fault',
] as const;

/** The columns a replay keeps identical. */
export const timingColumns = ['time_ms', 'arrival', 'worker', 'byzantine', 'pulled_ms', 'pulled_after', 'fault'] as const;

/**
 * What workers send: one gradient per pull, or (local training) the update of several local steps. An omitted
 * arrival sent nothing.
 */
export type Sent = 'gradient' | 'update';

/** What the workers of a run send (`local.steps` > 1: updates). */
export function sentBy(config: { readonly local: { readonly steps: number } }): Sent {
  return config.local.steps > 1 ? 'update' : 'gradient';
}

/** One arrival as a row of `eventColumns` (numbers printed exactly, so the row is a faithful trace). */
export function eventRow(r: ArrivalRecord, ticksPerMs: number, sent: Sent): Array<string | number> {
  return [...baseRow(r, ticksPerMs, sent), r.pulledAt / ticksPerMs, r.pulledAfter, r.fault ?? ''];
}

/** The trace hash covers the columns up to server_version (the pull times follow from them) and a fault when there is one. */
function hashedRow(r: ArrivalRecord, sent: Sent): string {
  const row = baseRow(r, 1, sent);
  return (r.fault === undefined ? row : [...row, r.fault]).join(',');
}

function baseRow(r: ArrivalRecord, ticksPerMs: number, sent: Sent): Array<string | number> {
  return [
    r.time / ticksPerMs,
    r.arrival,
    r.worker,
    r.byzantine ? 1 : 0,
    r.attack ?? '',
    r.decision.reason === 'omitted' ? '' : sent,
    r.version,
    r.staleness,
    Number.isNaN(r.decision.score) ? '' : r.decision.score,
    r.decision.accepted ? 1 : 0,
    r.decision.reason ?? '',
    r.serverVersion,
  ];
}

/** Hash of the whole event log: equal iff every arrival was handled identically (times, scores, decisions). */
export function traceHash(records: readonly ArrivalRecord[], sent: Sent): string {
  const h = new TraceHash();
  for (const r of records) h.add(hashedRow(r, sent));
  return h.digest();
}
