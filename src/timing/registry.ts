import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { lookup } from '../core/registry.js';
import { bounded } from './bounded.js';
import { latency } from './latency.js';
import { replay } from './replay.js';
import { scripted } from './scripted.js';
import type { PullPolicy, RoundTimings, TimingChoice, TimingEntry, TimingSetup } from './timing.js';

export { TICKS_PER_MS, delayDistributionSchema, sampleDelay, type DelayDistribution } from './distributions.js';

/** Every timing model, by the name used in configs (`timing.model`). */
export const timings = {
  bounded,
  latency,
  scripted,
  replay,
} satisfies Record<string, TimingEntry>;

/** A registered timing model name. */
export type TimingName = keyof typeof timings;

/** A validated timing model: its name plus its resolved parameters. */
export type TimingConfig = { readonly model: string } & Readonly<Record<string, unknown>>;
/** A timing model as written in a config (`model` defaults to "bounded"; other defaults may be omitted). */
export type TimingInput = { model?: string; [k: string]: unknown };

/**
 * The `timing` schema for the timing models registered now: a discriminated union on `model` of each model's
 * strict params; `model` defaults to "bounded", so `{ "maxDelay": 5 }` alone works (and sweeps can set
 * timing.maxDelay); an unknown model gets a message listing the registered ones.
 */
export function buildTimingSchema(registry: TimingTable = timings): z.ZodType<TimingConfig, TimingInput> {
  const names = Object.keys(registry);
  const options = names.map((model) => registry[model].params.extend({ model: z.literal(model) }));
  const union = z.discriminatedUnion('model', options as unknown as [z.ZodObject, ...z.ZodObject[]]);
  const named = z
    .object({ model: z.string({ error: `expected a timing model name, one of ${names.join(', ')}` }) })
    .loose()
    .check((ctx) => {
      if (!names.includes(ctx.value.model)) {
        ctx.issues.push({
          code: 'custom',
          path: ['model'],
          input: ctx.value.model,
          message: `unknown timing model ${JSON.stringify(ctx.value.model)}; expected one of ${names.join(', ')}`,
        });
      }
    })
    .pipe(union as unknown as z.ZodType<TimingConfig, { model: string; [k: string]: unknown }>);
  return z.preprocess((v) => (v !== null && typeof v === 'object' && !('model' in v) ? { model: 'bounded', ...v } : v), named) as unknown as z.ZodType<
    TimingConfig,
    TimingInput
  >;
}

/** The `timing` schema as the registry stands at load time. */
export const timingSchema = buildTimingSchema();

/** A table of timing models by name: the built-in {@link timings}, or a `Registries` instance's. */
export type TimingTable = Readonly<Record<string, TimingEntry>>;

const entryOf = (timing: TimingConfig, table: TimingTable): TimingEntry => lookup<TimingEntry>(table, 'timing model', timing.model, 'timing');

/** What the schema cannot check alone because it needs the run's shape. Paths start at `path`. */
export function timingIssues(timing: TimingConfig, setup: Omit<TimingSetup, 'rng'>, path = 'timing', table: TimingTable = timings): ConfigIssue[] {
  const issues = entryOf(timing, table).issues?.(timing, setup) ?? [];
  return issues.map((i) => ({ ...i, path: [path, i.path].filter(Boolean).join('.') }));
}

/** Throws a ConfigError listing {@link timingIssues}, if any. */
export function checkTiming(timing: TimingConfig, setup: Omit<TimingSetup, 'rng'>, path = 'timing', table: TimingTable = timings): void {
  const issues = timingIssues(timing, setup, path, table);
  if (issues.length > 0) throw new ConfigError(issues);
}

/** What attacks need to know of a validated timing config (see `TimingEntry.timingAttacks` and `fullRounds`). */
export function timingTraits(
  timing: TimingConfig,
  table: TimingTable = timings,
): {
  readonly timingAttacks: (action: TimingChoice) => boolean;
  readonly fullRounds: boolean;
  readonly roundShape?: { readonly minSize: number; readonly maxByzantine: number };
} {
  const entry = entryOf(timing, table);
  const roundShape = entry.roundShape?.(timing);
  return { timingAttacks: (action) => entry.timingAttacks?.(timing, action) ?? true, fullRounds: entry.fullRounds ?? false, ...(roundShape ? { roundShape } : {}) };
}

/** The asynchronous pull policy of a validated timing config. */
export function pullPolicy(timing: TimingConfig, setup: TimingSetup, table: TimingTable = timings): PullPolicy {
  return entryOf(timing, table).pulls(timing, setup);
}

/** The synchronous round timings of a validated timing config. */
export function roundTimings(timing: TimingConfig, setup: TimingSetup, table: TimingTable = timings): RoundTimings {
  return entryOf(timing, table).rounds(timing, setup);
}
