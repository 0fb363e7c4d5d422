import { AssertionError } from 'node:assert';
import { relative } from 'node:path';
import type { RunConfigInput } from '../config/schema.js';
import { ConfigError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { FaultInput, FaultKind } from '../faults/faults.js';
import { scenario, type Scenario, type ScenarioOptions } from './scenario.js';

/** A property of a run: throw (any assertion library) or return false when it does not hold. */
export type Property = (s: Scenario) => void | boolean | Promise<void | boolean>;

/** Options of {@link swarm}. */
export interface SwarmOptions extends ScenarioOptions {
  /** The seeds: a count (1..n) or a list. The environment variable BYZSIM_SWARM_SEED runs that one seed only. @default 20 */
  readonly seeds?: number | readonly number[];
  /** Add seeded random faults to each run (at most `max`, inside the first `horizonMs` of virtual time). */
  readonly faults?: boolean | { readonly max?: number; readonly horizonMs?: number; readonly kinds?: readonly FaultKind[] };
  /** Shrink each failure to the fewest faults, steps and workers that still fail. @default true */
  readonly shrink?: boolean;
  /** Runs a shrink may spend per failure. @default 40 */
  readonly maxShrinkRuns?: number;
}

/** A seed whose run broke the property. */
export interface SwarmFailure {
  readonly seed: number;
  readonly message: string;
  /** The failing config, faults included. */
  readonly config: RunConfigInput;
  /** The command that reruns this seed alone: the current command line with BYZSIM_SWARM_SEED set. */
  readonly command: string;
  /** The smallest config found that still fails, and how. */
  readonly shrunk?: { readonly config: RunConfigInput; readonly message: string; readonly runs: number };
}

export interface SwarmReport {
  readonly seeds: readonly number[];
  readonly failures: readonly SwarmFailure[];
}

const kinds: readonly FaultKind[] = ['crash', 'partition', 'spike', 'byzantine', 'pause'];

/**
 * Seeded random faults for one swarm run: 0..max faults of the given kinds, each on one worker, in windows
 * inside [0, horizonMs). A pure function of its arguments.
 */
export function randomFaults(seed: number, workers: number, horizonMs: number, max = 3, allowed: readonly FaultKind[] = kinds): FaultInput[] {
  const r = Rng.root(seed).fork('swarm-faults').stream(0);
  const count = r.int(0, max);
  const out: FaultInput[] = [];
  for (let i = 0; i < count; i++) {
    const kind = allowed[r.int(0, allowed.length - 1)];
    // Times in hundredths of a ms, each window at least one long and starting inside the run: a short run
    // (bounded timing takes 0.001 ms an arrival) must not round a window to nothing or past the run's end.
    const hundredths = (ms: number) => Math.round(ms * 100) / 100;
    let from = hundredths(r.float() * horizonMs);
    if (from >= horizonMs) from = Math.max(0, hundredths(from - 0.01));
    const to = Math.max(hundredths(from + 0.01), hundredths(from + (0.05 + 0.45 * r.float()) * horizonMs));
    const w = [r.int(0, workers - 1)];
    if (kind === 'crash') out.push({ kind, workers: w, at: from, restart: to });
    else if (kind === 'partition') out.push({ kind, workers: w, from, to, heal: r.float() < 0.5 ? 'drop' : 'delay' });
    else if (kind === 'spike') out.push({ kind, workers: w, from, to, factor: 2 + Math.round(8 * r.float()) });
    else if (kind === 'byzantine') out.push({ kind, workers: w, from, to });
    else out.push({ kind, from, to });
  }
  return out;
}

/**
 * The current process's command line, with BYZSIM_SWARM_SEED set to `seed`. Under mocha it is written as
 * `npx mocha ...` (mocha drops lines naming its own files from error messages), under tsx's CLI as `npx tsx ...`.
 */
function reproduceCommand(seed: number): string {
  const quote = (a: string) => (/^[\w@%+=:,./*-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const [, script = '', ...args] = process.argv;
  const file = relative(process.cwd(), script) || script;
  // tsx's command line (`npx tsx file.ts`) runs node with its two loader options (--require, --import), and only those.
  const tsxOnly = process.execArgv.length === 4 && process.execArgv.every((a, i) => (i % 2 === 0 ? /^--(require|import)$/.test(a) : /node_modules[\\/]tsx[\\/]dist[\\/]/.test(a)));
  const head = /node_modules[\\/]mocha[\\/]/.test(script)
    ? ['npx', 'mocha', ...process.execArgv.map((a) => `--node-option=${a.replace(/^--/, '')}`)]
    : tsxOnly
      ? ['npx', 'tsx', file]
      : ['node', ...process.execArgv, file];
  return `BYZSIM_SWARM_SEED=${seed} ${[...head, ...args].map(quote).join(' ')}`;
}

/** Runs the property on a config: the failure message, or undefined when it holds. A config error is a failure to build, not to hold. */
async function check(config: RunConfigInput, property: Property, options: ScenarioOptions): Promise<string | undefined> {
  const s = await scenario(config, { ...options, models: false });
  try {
    const ok = await property(s);
    return ok === false ? 'the property returned false' : undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Smaller variants of a config: one fault fewer, fewer steps (largest cut first), one worker fewer. */
function* candidates(c: RunConfigInput): Generator<RunConfigInput> {
  const faults = c.faults ?? [];
  for (let i = 0; i < faults.length; i++) yield { ...c, faults: faults.filter((_, j) => j !== i) };
  // Steps: the largest cut first (half, then a quarter, an eighth, ... one).
  const steps = c.steps ?? 2000;
  for (let cut = Math.floor(steps / 2); cut >= 1; cut = cut === 1 ? 0 : Math.max(1, Math.floor(cut / 2))) yield { ...c, steps: steps - cut };
  const workers = c.workers ?? 10;
  if (workers > 1) yield { ...c, workers: workers - 1, faults: faults.filter((f) => !('workers' in f) || f.workers.every((w) => w < workers - 1)) };
}

/** Greedy shrinking: take the first smaller variant that still fails, until none does or the budget is spent. */
async function shrinkFailure(config: RunConfigInput, property: Property, options: ScenarioOptions, budget: number) {
  let best = { config, message: '' };
  let runs = 0;
  for (let improved = true; improved && runs < budget; ) {
    improved = false;
    for (const c of candidates(best.config)) {
      if (runs >= budget) break;
      runs++;
      let message: string | undefined;
      try {
        message = await check(c, property, options);
      } catch (e) {
        if (e instanceof ConfigError) continue; // not a valid smaller config
        throw e;
      }
      if (message !== undefined) {
        best = { config: c, message };
        improved = true;
        break;
      }
    }
  }
  return { ...best, runs };
}

/**
 * Runs `property` on `config` for each seed (and, with `faults`, seeded random faults), reports the seeds
 * that break it with the command that reruns each alone, and shrinks every failure.
 */
export async function swarm(config: RunConfigInput | ((seed: number) => RunConfigInput), property: Property, options: SwarmOptions = {}): Promise<SwarmReport> {
  const { seeds: seedOption = 20, faults, shrink = true, maxShrinkRuns = 40, ...run } = options;
  const pinned = process.env.BYZSIM_SWARM_SEED;
  const all = typeof seedOption === 'number' ? Array.from({ length: seedOption }, (_, i) => i + 1) : [...seedOption];
  const seeds = pinned !== undefined ? [Number(pinned)] : all;
  const configOf = (seed: number): RunConfigInput => (typeof config === 'function' ? config(seed) : { ...config, seed });
  const faultOptions = faults === true ? {} : faults || undefined;
  let horizonMs = faultOptions?.horizonMs;
  if (faultOptions && horizonMs === undefined) {
    // The length of a clean run of the first seed of the swarm (pinned or not): faults land where the run happens.
    horizonMs = (await scenario(configOf(all[0]), { ...run, models: false })).result.summary.virtualTimeMs;
  }
  const failures: SwarmFailure[] = [];
  for (const seed of seeds) {
    let c = configOf(seed);
    if (faultOptions) {
      const extra = randomFaults(seed, c.workers ?? 10, horizonMs!, faultOptions.max, faultOptions.kinds);
      c = { ...c, faults: [...(c.faults ?? []), ...extra] };
    }
    const message = await check(c, property, run);
    if (message === undefined) continue;
    failures.push({
      seed,
      message,
      config: c,
      command: reproduceCommand(seed),
      ...(shrink ? { shrunk: await shrinkFailure(c, property, run, maxShrinkRuns) } : {}),
    });
  }
  return { seeds, failures };
}

/** A swarm report in words: each failing seed, its message, the command that reruns it and the shrunk config. */
export function describeSwarm(report: SwarmReport): string {
  if (report.failures.length === 0) return `the property held for all ${report.seeds.length} seeds`;
  const lines = [`the property failed for ${report.failures.length} of ${report.seeds.length} seeds (${report.failures.map((f) => f.seed).join(', ')})`];
  for (const f of report.failures) {
    const firstLine = (m: string) => m.split('\n')[0];
    lines.push(``, `seed ${f.seed}: ${firstLine(f.message)}`, `  rerun: ${f.command}`);
    if (f.shrunk) lines.push(`  shrunk in ${f.shrunk.runs} runs to: ${JSON.stringify(f.shrunk.config)}`, `  which fails with: ${firstLine(f.shrunk.message)}`);
  }
  return lines.join('\n');
}

/** {@link swarm}, throwing an AssertionError with {@link describeSwarm}'s text when any seed fails. */
export async function expectSwarm(config: RunConfigInput | ((seed: number) => RunConfigInput), property: Property, options: SwarmOptions = {}): Promise<SwarmReport> {
  const report = await swarm(config, property, options);
  if (report.failures.length > 0) throw new AssertionError({ message: describeSwarm(report) });
  return report;
}
