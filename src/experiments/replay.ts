import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { defaultRegistries, type Registries } from '../config/registries.js';
import { resolveConfig } from '../config/resolve.js';
import type { RunConfig } from '../config/schema.js';
import { ConfigError, InputError } from '../core/errors.js';
import { TICKS_PER_MS } from '../timing/distributions.js';
import type { RecordedArrival } from '../timing/replay.js';
import { runFiles } from './results.js';
import { simulate, type RunResult, type SimulateOptions } from './simulate.js';

/** What a replay keeps: the schedule (timing, steps, faults) and what fixes the batches (seed, task, workers, batch size). */
const fixed = ['seed', 'task', 'workers', 'mode', 'steps', 'timing', 'faults', 'optimizer.batchSize', 'local.steps'] as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Overrides merged into the recorded config; an object with a `name` (a policy, an attack) replaces the recorded one whole. */
function merge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(base[k]) && !('name' in v) ? merge(base[k] as Json, v) : v;
  return out;
}

/** The rows of an events.csv (byzsim writes no quoted fields: names and reasons never hold commas). */
function parseEvents(text: string, path: string): Array<Record<string, string>> {
  const [header, ...lines] = text.trim().split('\n');
  const columns = header.split(',');
  for (const c of ['time_ms', 'worker', 'byzantine', 'version', 'server_version', 'reason', 'pulled_ms', 'pulled_after', 'fault']) {
    if (!columns.includes(c)) throw ConfigError.at('', `${path} has no ${c} column (written by an older byzsim?): re-run the config, then replay it`);
  }
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
}

/** A replay reads a run folder (config.json and events.csv); pointed at a results or study folder, it names the runs inside. */
function assertRunFolder(folder: string): void {
  if (!existsSync(folder)) throw new InputError(`${folder}: no such folder; expected a run folder (config.json and events.csv)`);
  const missing = [runFiles.config, runFiles.events].filter((f) => !existsSync(join(folder, f)));
  if (missing.length === 0) return;
  const runs = readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(folder, e.name, runFiles.events)))
    .map((e) => join(folder, e.name));
  const hint = runs.length > 0 ? `; it holds ${runs.length} run folder${runs.length > 1 ? 's' : ''}, replay one of them: ${runs.slice(0, 5).join(', ')}${runs.length > 5 ? ', ...' : ''}` : '';
  throw new InputError(`${folder} is not a run folder (no ${missing.join(' or ')})${hint}`);
}

const ticks = (ms: string) => Math.round(Number(ms) * TICKS_PER_MS);

/** The recorded schedule of an event log: who pulled when (after how many arrivals, how stale), and when it arrived. */
export function recordedArrivals(rows: ReadonlyArray<Record<string, string>>, mode: RunConfig['mode']): RecordedArrival[] {
  return rows.map((r) => {
    const after = Number(r.pulled_after);
    // The latest version when the worker pulled: the server version after the arrival handled just before.
    const latest = mode === 'async' && after > 0 ? Number(rows[after - 1].server_version) : Number(r.version);
    const fault = r.fault === '' ? undefined : r.fault;
    return {
      worker: Number(r.worker),
      after,
      pulled: ticks(r.pulled_ms),
      arrived: ticks(r.time_ms),
      lag: Math.max(0, latest - Number(r.version)),
      byzantine: r.byzantine === '1',
      ...(fault !== undefined ? (r.reason === 'lost' ? { lost: fault } : { fault }) : {}),
    };
  });
}

/**
 * The config of a replay of the run in `folder`: the recorded config with `overrides` (another policy, attack,
 * learning rate, ...) and the recorded schedule as its `replay` timing. Throws a ConfigError if an override
 * touches what the schedule fixes.
 */
export async function replayConfig(folder: string, overrides: unknown = {}, registries: Registries = defaultRegistries): Promise<RunConfig> {
  if (!isObject(overrides)) throw ConfigError.at('', 'expected the overrides to be a JSON object');
  for (const path of fixed) {
    const [head, tail] = path.split('.');
    const hit = tail === undefined ? head in overrides : isObject(overrides[head]) && tail in (overrides[head] as Json);
    if (hit) throw ConfigError.at(path, 'a replay keeps the recorded schedule and batches; this field cannot change');
  }
  assertRunFolder(folder);
  const recorded = JSON.parse(await readFile(join(folder, runFiles.config), 'utf8')) as Json;
  const rows = parseEvents(await readFile(join(folder, runFiles.events), 'utf8'), join(folder, runFiles.events));
  const mode = recorded.mode as RunConfig['mode'];
  const { faults: _faults, ...base } = recorded;
  const config = merge(base, overrides);
  config.timing = { model: 'replay', arrivals: recordedArrivals(rows, mode) };
  // The recorded rounds already left their stragglers out.
  if (mode === 'sync') config.sync = { ...(config.sync as Json), dropSlowest: (overrides.sync as Json | undefined)?.dropSlowest ?? 0 };
  config.name = (overrides.name as string | undefined) ?? `${(config.policy as Json).name} replay of ${basename(folder)}`;
  return resolveConfig(config, registries);
}

/**
 * Re-runs the run in `folder` on its recorded schedule (pull and push times, workers, Byzantine flags, batches)
 * with `overrides` applied: versions and decisions are recomputed, the timing columns of the event log are the
 * recorded ones. With `options.outDir`, writes a new run folder.
 */
export async function replay(folder: string, overrides: unknown = {}, options: SimulateOptions = {}): Promise<RunResult> {
  return simulate(await replayConfig(folder, overrides, options.registries), options);
}
