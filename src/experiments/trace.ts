import type { ArrivalRecord } from '../actors/server.js';
import { TraceHash } from '../core/hash.js';

/** Event-log columns, in file order. */
export const eventColumns = ['time_ms', 'arrival', 'worker', 'byzantine', 'attack', 'version', 'staleness', 'score', 'accepted', 'reason', 'server_version'] as const;

/** One arrival as a row of `eventColumns` (numbers printed exactly, so the row is a faithful trace). */
export function eventRow(r: ArrivalRecord, ticksPerMs: number): Array<string | number> {
  return [
    r.time / ticksPerMs,
    r.arrival,
    r.worker,
    r.byzantine ? 1 : 0,
    r.attack ?? '',
    r.version,
    r.staleness,
    Number.isNaN(r.decision.score) ? '' : r.decision.score,
    r.decision.accepted ? 1 : 0,
    r.decision.reason ?? '',
    r.serverVersion,
  ];
}

/** Hash of the whole event log: equal iff every arrival was handled identically (times, scores, decisions). */
export function traceHash(records: readonly ArrivalRecord[]): string {
  const h = new TraceHash();
  for (const r of records) h.add(eventRow(r, 1).join(','));
  return h.digest();
}
