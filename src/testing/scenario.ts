import type { ArrivalRecord } from '../actors/arrival.js';
import type { Registries } from '../config/registries.js';
import type { RunConfig, RunConfigInput } from '../config/schema.js';
import { eventLog } from '../experiments/results.js';
import { simulate, type RunResult } from '../experiments/simulate.js';
import { TICKS_PER_MS } from '../timing/distributions.js';
import { parseAsyncScript, parseSyncScript } from '../timing/scripted.js';

/** How to run a scenario; none of this changes its results. */
export interface ScenarioOptions {
  /** Pool threads (0: inline, the default for tests). */
  readonly threads?: number;
  /** The catalogue to resolve names in (default: the one registerFilter/... fill). */
  readonly registries?: Registries;
  /** Keep a copy of every model version for {@link Scenario.modelAt} (default: true). */
  readonly models?: boolean;
}

/** Which arrivals to select: every given field must match. Times in ms of virtual time, [from, to). */
export interface ArrivalQuery {
  readonly worker?: number;
  readonly byzantine?: boolean;
  readonly accepted?: boolean;
  readonly reason?: string;
  readonly staleness?: number;
  readonly version?: number;
  readonly fault?: string;
  readonly from?: number;
  readonly to?: number;
}

const matches = (r: ArrivalRecord, q: ArrivalQuery) =>
  (q.worker === undefined || r.worker === q.worker) &&
  (q.byzantine === undefined || r.byzantine === q.byzantine) &&
  (q.accepted === undefined || r.decision.accepted === q.accepted) &&
  (q.reason === undefined || r.decision.reason === q.reason) &&
  (q.staleness === undefined || r.staleness === q.staleness) &&
  (q.version === undefined || r.version === q.version) &&
  (q.fault === undefined || (r.fault ?? '').split('+').includes(q.fault)) &&
  (q.from === undefined || r.time >= q.from * TICKS_PER_MS) &&
  (q.to === undefined || r.time < q.to * TICKS_PER_MS);

/** One character per arrival: `+` accepted, `-` rejected, `x` lost to a fault, `o` omitted by an attack. */
const decisionChar = (r: ArrivalRecord) => (r.decision.accepted ? '+' : r.decision.reason === 'lost' ? 'x' : r.decision.reason === 'omitted' ? 'o' : '-');

/** A finished run and queries over its trace. */
export class Scenario {
  readonly config: RunConfig;
  readonly arrivals: readonly ArrivalRecord[];

  constructor(readonly result: RunResult, private readonly models: ReadonlyMap<number, Float32Array>) {
    this.config = result.config;
    this.arrivals = result.records;
  }

  /** The arrivals matching `query`, in arrival order. */
  where(query: ArrivalQuery = {}): ArrivalRecord[] {
    return this.arrivals.filter((r) => matches(r, query));
  }

  /** Worker `worker`'s arrivals. */
  byWorker(worker: number): ArrivalRecord[] {
    return this.where({ worker });
  }

  /** The arrival numbers (0, 1, ...) the server accepted, among those matching `query`. */
  acceptedArrivals(query: ArrivalQuery = {}): number[] {
    return this.where({ ...query, accepted: true }).map((r) => r.arrival);
  }

  /** The decisions as a string, one character per matching arrival: `+` accepted, `-` rejected, `x` lost, `o` omitted. */
  decisions(query: ArrivalQuery = {}): string {
    return this.where(query).map(decisionChar).join('');
  }

  /** The model after `version` applied updates (a copy kept during the run). */
  modelAt(version: number): Float32Array {
    const m = this.models.get(version);
    if (m === undefined) {
      const kept = this.models.size === 0 ? 'none were kept (options.models is false)' : `the run published versions 0..${Math.max(...this.models.keys())}`;
      throw new RangeError(`no model version ${version}: ${kept}`);
    }
    return m;
  }

  /** The event log (events.csv) as text: what golden traces store. */
  trace(): string {
    return eventLog(this.result);
  }
}

/** `steps` for a scripted config that leaves it out: every scripted push (async) or round (sync). */
function withScriptedSteps(config: RunConfigInput): RunConfigInput {
  const timing = config.timing as { model?: string; script?: string[]; events?: unknown[] } | undefined;
  if (config.steps !== undefined || timing?.model !== 'scripted') return config;
  const steps =
    config.mode === 'sync'
      ? parseSyncScript(timing.script ?? []).value.length
      : timing.script !== undefined
        ? parseAsyncScript(timing.script).value.length
        : (timing.events?.length ?? 0);
  return steps > 0 ? { ...config, steps } : config;
}

/**
 * Runs `config` (inline by default) and returns its trace for queries. A `scripted` timing without `steps`
 * runs every scripted push (round, in sync mode).
 */
export async function scenario(config: RunConfigInput, options: ScenarioOptions = {}): Promise<Scenario> {
  const models = new Map<number, Float32Array>();
  const result = await simulate(withScriptedSteps(config), {
    threads: options.threads ?? 0,
    ...(options.registries ? { registries: options.registries } : {}),
    ...(options.models !== false ? { onModel: (v: number, p: Float32Array) => models.set(v, p.slice()) } : {}),
  });
  return new Scenario(result, models);
}
