import { z } from 'zod';
import type { ConfigIssue } from '../core/errors.js';
import { TICKS_PER_MS } from '../timing/distributions.js';
import type { PullPolicy, PushTiming, RoundTimings, TimedPull } from '../timing/timing.js';

const ms = z.number().nonnegative();
const workerIds = z.array(z.int().nonnegative()).min(1);

/**
 * A fault in virtual time (milliseconds, like the event log's time_ms). Pulls and pushes are judged by when they
 * happen:
 * - `crash`: the workers stop at `at`; a push in flight then is lost; pulls while down wait for `restart`, when
 *   the worker pulls the latest model (no restart: it never pulls again); a scripted step pulled while down is
 *   lost at its scripted push time instead;
 * - `partition`: pushes of the workers that would arrive in [from, to) are lost (`heal: "drop"`) or arrive at
 *   `to` (`heal: "delay"`);
 * - `spike`: pulls in [from, to) take `factor` times as long (compute and network);
 * - `byzantine`: gradients the workers pull in [from, to) are Byzantine (`to` omitted: until the end);
 * - `pause`: the server handles nothing in [from, to); pushes arriving then are handled at `to`.
 */
export const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('crash'), workers: workerIds, at: ms, restart: ms.optional() }),
  z.strictObject({ kind: z.literal('partition'), workers: workerIds, from: ms, to: ms, heal: z.enum(['drop', 'delay']).default('drop') }),
  z.strictObject({ kind: z.literal('spike'), workers: workerIds, from: ms, to: ms, factor: z.number().positive() }),
  z.strictObject({ kind: z.literal('byzantine'), workers: workerIds, from: ms, to: ms.optional() }),
  z.strictObject({ kind: z.literal('pause'), from: ms, to: ms }),
]);

export type Fault = z.output<typeof faultSchema>;
export type FaultInput = z.input<typeof faultSchema>;
export type FaultKind = Fault['kind'];

/** The window of a fault in milliseconds (a crash without restart lasts until the end). */
export function faultWindow(f: Fault): { from: number; to: number } {
  return f.kind === 'crash' ? { from: f.at, to: f.restart ?? Number.POSITIVE_INFINITY } : { from: f.from, to: f.to ?? Number.POSITIVE_INFINITY };
}

/** Checks that need the run's shape; paths start at `path` (e.g. `faults.0.workers`). */
export function faultIssues(faults: readonly Fault[], setup: { workers: number; timing: string; steps?: number }, path = 'faults'): ConfigIssue[] {
  // Bounded timing takes one tick per arrival (or round): the run's virtual time is known before it starts.
  const boundedEnd = setup.timing === 'bounded' && setup.steps !== undefined ? setup.steps / TICKS_PER_MS : undefined;
  const issues: ConfigIssue[] = [];
  faults.forEach((f, i) => {
    const at = `${path}.${i}`;
    if (f.kind !== 'pause') {
      const bad = f.workers.find((w) => w >= setup.workers);
      if (bad !== undefined) issues.push({ path: `${at}.workers`, message: `expected worker ids below workers (${setup.workers}), got ${bad}` });
    }
    const { from, to } = faultWindow(f);
    if (!(to > from)) issues.push({ path: `${at}.${f.kind === 'crash' ? 'restart' : 'to'}`, message: `expected a time after ${from} ms, got ${to}` });
    if (boundedEnd !== undefined && from >= boundedEnd) {
      issues.push({ path: `${at}.${f.kind === 'crash' ? 'at' : 'from'}`, message: `bounded timing: the run lasts ${boundedEnd} ms (one arrival each ${1 / TICKS_PER_MS} ms), so a fault from ${from} ms never happens` });
    }
    if (f.kind === 'crash' && f.restart === undefined && setup.timing === 'bounded') {
      issues.push({ path: `${at}.restart`, message: 'bounded timing hands arrivals to the workers in turn, so a crashed worker must restart' });
    }
  });
  return issues;
}

const inWindow = (t: number, from: number, to: number) => t >= from && t < to;
const tag = (p: { fault?: string }, kind: string) => (p.fault === undefined ? kind : p.fault.split('+').includes(kind) ? p.fault : `${p.fault}+${kind}`);

/**
 * A pull (or a sync round's push) as the faults change it: `now` and `wait` in ticks. Returns undefined if the
 * worker never pulls (crashed for good). With `lostWhileDown` (a scripted step, whose times are fixed), a pull
 * while the worker is down is not moved to the restart but lost at its own push time: moving it would put two
 * of the worker's pushes in flight at once, and dropping it would leave the run short of the scripted arrivals.
 */
export function applyFaults<P extends PushTiming & { wait?: number; version?: TimedPull['version'] }>(
  faults: readonly Fault[],
  worker: number,
  now: number,
  pull: P,
  lostWhileDown = false,
): P | undefined {
  let p: P = pull;
  const tick = (t: number) => Math.round(t * TICKS_PER_MS);
  // A crashed worker pulls again at restart, the latest model.
  for (const f of faults) {
    if (f.kind !== 'crash' || !f.workers.includes(worker)) continue;
    const pulled = now + (p.wait ?? 0);
    const down = tick(f.at);
    const up = f.restart === undefined ? Number.POSITIVE_INFINITY : tick(f.restart);
    if (!inWindow(pulled, down, up)) continue;
    if (lostWhileDown) {
      p = { ...p, lost: 'crash', fault: tag(p, 'crash') };
      continue;
    }
    if (up === Number.POSITIVE_INFINITY) return undefined;
    p = { ...p, wait: up - now, ...(p.version !== undefined ? { version: (h: { latest: number }) => h.latest } : {}), fault: tag(p, 'crash') };
  }
  const pulled = now + (p.wait ?? 0);
  for (const f of faults) {
    if (f.kind === 'byzantine' && f.workers.includes(worker) && inWindow(pulled, tick(f.from), f.to === undefined ? Infinity : tick(f.to))) {
      p = { ...p, byzantine: true, fault: tag(p, 'byzantine') };
    }
    if (f.kind === 'spike' && f.workers.includes(worker) && inWindow(pulled, tick(f.from), tick(f.to))) {
      p = { ...p, delay: Math.round(p.delay * f.factor), fault: tag(p, 'spike') };
    }
  }
  for (const f of faults) {
    const arrives = pulled + p.delay;
    if (f.kind === 'crash' && f.workers.includes(worker) && pulled < tick(f.at) && arrives >= tick(f.at)) {
      p = { ...p, lost: 'crash', fault: tag(p, 'crash') };
    }
    if (f.kind === 'partition' && f.workers.includes(worker) && inWindow(arrives, tick(f.from), tick(f.to))) {
      p = f.heal === 'drop' ? { ...p, lost: 'partition', fault: tag(p, 'partition') } : { ...p, delay: tick(f.to) - pulled, fault: tag(p, 'partition') };
    }
  }
  for (const f of faults) {
    const arrives = pulled + p.delay;
    if (f.kind === 'pause' && inWindow(arrives, tick(f.from), tick(f.to))) p = { ...p, delay: tick(f.to) - pulled, fault: tag(p, 'pause') };
  }
  return p;
}

/**
 * An asynchronous pull policy with the faults applied to every pull, at the virtual time `now()` it is sent. An
 * exact pull (a scripted step) pulled while its worker is down is lost, not moved (see {@link applyFaults}).
 */
export function pullsWithFaults(policy: PullPolicy, faults: readonly Fault[], now: () => number): PullPolicy {
  if (faults.length === 0) return policy;
  const apply = (pulls: Array<[number, TimedPull]>) =>
    pulls.flatMap(([w, p]): Array<[number, TimedPull]> => {
      const q = applyFaults(faults, w, now(), p, p.exact === true);
      return q ? [[w, q]] : [];
    });
  return {
    keepVersions: policy.keepVersions,
    initial: (h) => apply(policy.initial(h)),
    afterArrival: (w, a, h) => apply(policy.afterArrival(w, a, h)),
  };
}

/**
 * Synchronous rounds with the faults applied at each round's start `now()`: a crashed worker sits out the rounds
 * that start while it is down (a restart only lets it join the rounds after).
 */
export function roundsWithFaults(rounds: RoundTimings, faults: readonly Fault[], now: () => number): RoundTimings {
  if (faults.length === 0) return rounds;
  return (round) =>
    rounds(round).map((p, w) => {
      if (p === undefined) return undefined;
      const q = applyFaults<PushTiming & { wait?: number }>(faults, w, now(), p);
      return q === undefined || (q.wait ?? 0) > 0 ? undefined : { delay: q.delay, ...(q.byzantine !== undefined ? { byzantine: q.byzantine } : {}), ...(q.exact ? { exact: true } : {}), ...(q.lost !== undefined ? { lost: q.lost } : {}), ...(q.fault !== undefined ? { fault: q.fault } : {}) };
    });
}
