import { z } from 'zod';
import type { ConfigIssue } from '../core/errors.js';
import type { PushTiming, TimedPull, TimingEntry, VersionView } from './timing.js';

const tick = z.int().nonnegative();

/** One recorded arrival, in virtual-time ticks. */
const recorded = z.strictObject({
  worker: tick,
  /** Arrivals (async) or rounds (sync) the server had handled when the worker pulled. */
  after: tick,
  pulled: tick,
  arrived: tick,
  /** Versions behind the latest that the worker computed on (bounded timing, timing attacks). @default 0 */
  lag: tick.default(0),
  byzantine: z.boolean(),
  /** The fault that lost the push (nothing is computed), or that moved or turned it. */
  lost: z.string().optional(),
  fault: z.string().optional(),
});

/** `replay` parameters: a recorded run's arrivals, in arrival order (built by `replay()` from a run folder). */
export const replayParams = z.strictObject({ arrivals: z.array(recorded) });

export type ReplayParams = z.output<typeof replayParams>;
export type RecordedArrival = z.output<typeof recorded>;

function replayIssues({ arrivals }: ReplayParams, { workers, steps, mode }: { workers: number; steps: number; mode: 'async' | 'sync' }): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const bad = arrivals.findIndex((a) => a.worker >= workers || a.arrived < a.pulled);
  if (bad >= 0) issues.push({ path: `arrivals.${bad}`, message: `expected a worker below ${workers} and an arrival no earlier than its pull` });
  const count = mode === 'async' ? arrivals.length : new Set(arrivals.map((a) => a.after)).size;
  if (count !== steps) issues.push({ path: 'arrivals', message: `the recording has ${count} ${mode === 'async' ? 'arrivals' : 'rounds'}; expected steps (${steps})` });
  return issues;
}

const timingOf = (a: RecordedArrival): PushTiming => ({
  delay: a.arrived - a.pulled,
  byzantine: a.byzantine,
  exact: true,
  ...(a.lost !== undefined ? { lost: a.lost } : {}),
  ...(a.fault !== undefined ? { fault: a.fault } : {}),
});

/**
 * `replay`: re-runs a recorded schedule. Asynchronous mode: the pull recorded after the server had handled k
 * arrivals happens after the replayed run's k-th arrival, at the recorded time, on the latest version minus the
 * recorded lag; its push arrives at the recorded time with the recorded Byzantine flag. Versions and decisions
 * follow the replayed policy; the timing columns of the event log are the recorded ones. Synchronous mode:
 * the recorded rounds, each worker's push arriving as recorded.
 */
export const replay: TimingEntry<typeof replayParams> = {
  params: replayParams,
  issues: replayIssues,
  pulls({ arrivals }) {
    const byAfter = new Map<number, RecordedArrival[]>();
    for (const a of [...arrivals].sort((x, y) => x.pulled - y.pulled)) byAfter.set(a.after, [...(byAfter.get(a.after) ?? []), a]);
    const pullsAfter = (handled: number, now: number): Array<[number, TimedPull]> =>
      (byAfter.get(handled) ?? []).map((a) => [
        a.worker,
        { ...timingOf(a), wait: a.pulled - now, version: (h: VersionView) => Math.max(h.oldestKept, h.latest - a.lag) },
      ]);
    return {
      keepVersions: Math.max(0, ...arrivals.map((a) => a.lag)) + 1,
      initial: () => pullsAfter(0, 0),
      afterArrival: (_worker, arrival) => pullsAfter(arrival + 1, arrivals[arrival].arrived),
    };
  },
  rounds({ arrivals }, { workers }) {
    const rounds = new Map<number, Array<PushTiming | undefined>>();
    for (const a of arrivals) {
      const round = rounds.get(a.after) ?? new Array<PushTiming | undefined>(workers).fill(undefined);
      round[a.worker] = timingOf(a);
      rounds.set(a.after, round);
    }
    return (round) => rounds.get(round) ?? [];
  },
  // A recorded schedule already holds the timing a timing attack chose when it was recorded (replay reproduces
  // it), so `timingAttacks` keeps its default: replaying a run of `delay` is not refused.
  roundShape({ arrivals }) {
    const rounds = new Map<number, { size: number; byzantine: number }>();
    for (const a of arrivals) {
      if (a.lost !== undefined) continue;
      const r = rounds.get(a.after) ?? { size: 0, byzantine: 0 };
      rounds.set(a.after, { size: r.size + 1, byzantine: r.byzantine + (a.byzantine ? 1 : 0) });
    }
    const all = [...rounds.values()];
    return { minSize: Math.min(...all.map((r) => r.size)), maxByzantine: Math.max(0, ...all.map((r) => r.byzantine)) };
  },
  summary: "re-runs a recorded run's pull and push times, workers and Byzantine flags (byzsim replay <run folder>)",
  usage: '{"model": "replay", "arrivals": [{"worker", "after", "pulled", "arrived", "lag", "byzantine", "lost", "fault"}]}   (written by replay())',
};
