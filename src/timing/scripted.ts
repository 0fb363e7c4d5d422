import { z } from 'zod';
import type { ConfigIssue } from '../core/errors.js';
import { TICKS_PER_MS } from './distributions.js';
import type { PushTiming, TimedPull, TimingEntry } from './timing.js';

/** One scripted gradient: `worker` pulls the latest model at tick `pull`; its push reaches the server at tick `push`. */
export interface ScriptStep {
  readonly worker: number;
  readonly pull: number;
  readonly push: number;
  /** Fixed by the script; undefined = the config's Byzantine assignment decides. */
  readonly byzantine?: boolean;
}

const tick = z.int().nonnegative();

/** `scripted` parameters: marble lines (one per worker) or a list of steps, in ticks of `tickMs` milliseconds. */
export const scriptedParams = z.strictObject({
  /**
   * One line per worker, one character a tick: `-` nothing, `p` pull the latest model, `a` push (Byzantine as
   * the config's assignment says), `b` Byzantine push, `h` honest push, `(..)` several events in one tick (in
   * order). Sync mode: rounds separated by `|`, a push's position in its round is its delay (`a|-a` = 1, then 2).
   */
  script: z.array(z.string()).optional(),
  /** Asynchronous mode, instead of `script`: the steps as a list. */
  events: z.array(z.strictObject({ worker: tick, pull: tick, push: tick, byzantine: z.boolean().optional() })).optional(),
  /** Milliseconds of virtual time per script tick. @default 1 */
  tickMs: z.number().positive().default(1),
});

export type ScriptedParams = z.output<typeof scriptedParams>;

type Parsed<T> = { readonly value: T; readonly issues: ConfigIssue[] };

const pushKinds: Record<string, boolean | undefined> = { a: undefined, b: true, h: false };

/** The events of one marble line: [tick, character] in order (a group shares its tick). */
function events(line: string, path: string, issues: ConfigIssue[], allowed: string): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  let t = 0;
  let group = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '(' && !group) group = true;
    else if (c === ')' && group) {
      group = false;
      t++;
    } else if (c === '-') {
      if (!group) t++;
    } else if (allowed.includes(c)) {
      out.push([t, c]);
      if (!group) t++;
    } else {
      issues.push({ path, message: `unexpected ${JSON.stringify(c)} at character ${i} (tick ${t}); expected one of - ${allowed.split('').join(' ')} ( )` });
      return out;
    }
  }
  if (group) issues.push({ path, message: `a group "(" is not closed` });
  return out;
}

/** The steps of an asynchronous marble script, checked per line: pulls and pushes alternate, each push after its pull. */
export function parseAsyncScript(lines: readonly string[], path = 'script'): Parsed<ScriptStep[]> {
  const issues: ConfigIssue[] = [];
  const steps: ScriptStep[] = [];
  lines.forEach((line, worker) => {
    let pulled: number | undefined;
    for (const [t, c] of events(line, `${path}.${worker}`, issues, 'pabh')) {
      if (c === 'p') {
        if (pulled !== undefined) return issues.push({ path: `${path}.${worker}`, message: `worker ${worker} pulls at tick ${t} before pushing the gradient it pulled at tick ${pulled}` });
        pulled = t;
      } else if (pulled === undefined) {
        return issues.push({ path: `${path}.${worker}`, message: `worker ${worker} pushes at tick ${t} with no pull before it` });
      } else if (t <= pulled) {
        return issues.push({ path: `${path}.${worker}`, message: `worker ${worker} pushes at tick ${t} the gradient it pulled at tick ${pulled}; a push arrives at least one tick after its pull` });
      } else {
        steps.push({ worker, pull: pulled, push: t, ...(pushKinds[c] !== undefined ? { byzantine: pushKinds[c] } : {}) });
        pulled = undefined;
      }
    }
    if (pulled !== undefined) issues.push({ path: `${path}.${worker}`, message: `worker ${worker} pulls at tick ${pulled} but never pushes` });
  });
  // Each line's pulls and pushes alternate, each push after its pull: what stepIssues checks of a list holds.
  return { value: steps, issues };
}

/** Checks a list of steps: known workers, each push after its pull, a worker's steps one after another. */
export function stepIssues(steps: readonly ScriptStep[], workers: number, path = 'events'): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const last = new Map<number, ScriptStep>();
  const order = steps.map((s, i) => [s, i] as const).sort(([a], [b]) => a.worker - b.worker || a.pull - b.pull);
  for (const [s, i] of order) {
    const at = `${path}.${i}`;
    if (s.worker >= workers) issues.push({ path: at, message: `worker ${s.worker}: expected an id below workers (${workers})` });
    if (s.push <= s.pull) issues.push({ path: at, message: `worker ${s.worker}: push at tick ${s.push} is not after its pull at tick ${s.pull}` });
    const prev = last.get(s.worker);
    if (prev && s.pull < prev.push) {
      issues.push({ path: at, message: `worker ${s.worker} pulls at tick ${s.pull} before its push of tick ${prev.push} has arrived` });
    }
    last.set(s.worker, s);
  }
  return issues;
}

/** The rounds of a synchronous marble script: per round, per worker, the push timing (undefined: no push). */
export function parseSyncScript(lines: readonly string[], path = 'script'): Parsed<Array<Array<PushTiming | undefined>>> {
  const issues: ConfigIssue[] = [];
  const rounds: Array<Array<PushTiming | undefined>> = [];
  lines.forEach((line, worker) => {
    line.split('|').forEach((segment, round) => {
      const pushes = events(segment, `${path}.${worker}`, issues, 'abh');
      if (pushes.length > 1) issues.push({ path: `${path}.${worker}`, message: `worker ${worker} pushes ${pushes.length} times in round ${round}; at most once` });
      rounds[round] ??= new Array<PushTiming | undefined>(lines.length).fill(undefined);
      if (pushes.length === 1) {
        const [t, c] = pushes[0];
        rounds[round][worker] = { delay: t + 1, exact: true, ...(pushKinds[c] !== undefined ? { byzantine: pushKinds[c] } : {}) };
      }
    });
  });
  rounds.forEach((r, i) => {
    if (r.every((p) => p === undefined)) issues.push({ path, message: `round ${i}: no worker pushes` });
  });
  return { value: rounds, issues };
}

/** Script-level checks that need the run's shape. */
function scriptedIssues(params: ScriptedParams, { workers, steps, mode }: { workers: number; steps: number; mode: 'async' | 'sync' }): ConfigIssue[] {
  if ((params.script === undefined) === (params.events === undefined)) return [{ path: '', message: 'expected exactly one of "script" (marble lines) or "events" (a list of steps)' }];
  if (params.script !== undefined && params.script.length !== workers) {
    return [{ path: 'script', message: `expected one line per worker (${workers}), got ${params.script.length}` }];
  }
  if (mode === 'sync') {
    if (params.script === undefined) return [{ path: 'events', message: 'sync mode: write the rounds as a marble "script"' }];
    const { value, issues } = parseSyncScript(params.script);
    if (issues.length === 0 && value.length < steps) issues.push({ path: 'script', message: `the script has ${value.length} rounds; set "steps" to at most that (got ${steps})` });
    return issues;
  }
  const { value, issues } = params.script !== undefined ? parseAsyncScript(params.script) : { value: params.events!, issues: stepIssues(params.events!, workers, 'events') };
  if (issues.length === 0 && value.length < steps) {
    issues.push({ path: params.script ? 'script' : 'events', message: `the script has ${value.length} pushes; set "steps" to at most that (got ${steps})` });
  }
  return issues;
}

/** The scripted steps of validated params, sorted by push tick then worker (the order the server handles them). */
export function scriptSteps(params: ScriptedParams): ScriptStep[] {
  const steps = params.script !== undefined ? parseAsyncScript(params.script).value : params.events!;
  return [...steps].sort((a, b) => a.push - b.push || a.worker - b.worker);
}

/**
 * `scripted`: the user writes the schedule. Asynchronous mode: each scripted pull reads the latest model at
 * its tick (after that tick's arrivals), and the push reaches the server at its tick, so staleness follows from
 * the script; `b`/`h` fix which pushes are Byzantine, and no timing attack moves a scripted push.
 * Synchronous mode: per round, when each worker's push arrives after the round starts.
 */
export const scripted: TimingEntry<typeof scriptedParams> = {
  params: scriptedParams,
  issues: scriptedIssues,
  pulls(params) {
    const k = Math.round(params.tickMs * TICKS_PER_MS);
    const pulls = scriptSteps(params).map((s): [number, TimedPull] => [
      s.worker,
      { version: (h) => h.latest, wait: s.pull * k, delay: (s.push - s.pull) * k, exact: true, ...(s.byzantine !== undefined ? { byzantine: s.byzantine } : {}) },
    ]);
    return { keepVersions: 1, initial: () => pulls, afterArrival: () => [] };
  },
  rounds(params) {
    const k = Math.round(params.tickMs * TICKS_PER_MS);
    const rounds = parseSyncScript(params.script ?? []).value;
    return (round) => rounds[round].map((p) => (p ? { ...p, delay: p.delay * k } : undefined));
  },
  timingAttacks: () => false,
  summary: 'you write the schedule: per worker when it pulls and when its push arrives (marble lines or a list of steps); staleness follows',
  usage: '{"model": "scripted", "script": ["p--(ap)-b", "-p----h"], "tickMs": 1}   sync: {"script": ["a|-a", "-b|a"]}   or "events": [{"worker", "pull", "push", "byzantine"}]',
};
