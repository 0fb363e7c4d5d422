import { z } from 'zod';
import { runConfigSchema } from '../config/schema.js';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { toConfigError } from '../core/zod-issues.js';
import { canonicalJson } from '../core/hash.js';

/** A folder name a sweep may choose for itself: one path segment, never `.` or `..`, no separators. */
export const plainFolderName = /^(?!\.\.?$)[^/\\\0]+$/;

const sweepSpecSchema = z.strictObject({
  /** A label; also the default folder, `results/sweeps/<name>`, so it must be a plain folder name. */
  name: z
    .string()
    .min(1)
    .regex(plainFolderName, { error: 'expected a plain folder name (no "/" or "\\", not "." or "..")' })
    .optional(),
  /** The config every cell starts from (checked cell by cell, once the grid values are set). */
  base: z.record(z.string(), z.unknown()).default({}),
  /** Dotted config paths (`timing.maxDelay`, `byzantine.count`, `policy`) → the values to try. */
  grid: z.record(z.string().min(1), z.array(z.unknown()).min(1)).default({}),
  /** Seeds of every cell (they replace `base.seed`); default: `base.seed`, else 1. */
  seeds: z.array(z.int().nonnegative().max(Number.MAX_SAFE_INTEGER)).min(1).optional(),
});

/** A sweep as written: a base config, values per config path, and seeds. */
export type SweepSpec = z.input<typeof sweepSpecSchema>;
/** A checked sweep spec, defaults filled in. */
export type ParsedSweepSpec = z.output<typeof sweepSpecSchema>;

const runConfigKeys = new Set(Object.keys(runConfigSchema.shape));

/**
 * Checks a sweep spec (not its cells: {@link planSweep} resolves each cell's config) and throws a ConfigError
 * naming every bad field: unknown keys (with a hint when the file is a run config), empty or duplicate value
 * lists, a grid over `seed`, a name that is not a plain folder name.
 */
export function parseSweepSpec(input: unknown): ParsedSweepSpec {
  const parsed = sweepSpecSchema.safeParse(input ?? {}, { reportInput: true });
  if (!parsed.success) {
    const error = toConfigError(parsed.error, '', Object.keys(sweepSpecSchema.shape), sweepSpecSchema, input);
    const unknown = error.issues.filter((i) => /^[^.[]+$/.test(i.path) && i.message.startsWith('unknown parameter')).map((i) => i.path);
    const hints: ConfigIssue[] = [];
    if (unknown.includes('seed')) hints.push({ path: 'seed', message: 'a sweep lists its seeds as "seeds": [1, 2, ...]' });
    if (unknown.some((k) => runConfigKeys.has(k) && k !== 'seed')) {
      hints.push({ path: '', message: 'this looks like a run config: run it with `byzsim run`, or put it under "base" of a sweep' });
    }
    throw new ConfigError([...error.issues, ...hints]);
  }
  const spec = parsed.data;
  const issues: ConfigIssue[] = [];
  for (const [path, values] of Object.entries(spec.grid)) {
    if (path === 'seed') issues.push({ path: 'grid.seed', message: 'list seeds in "seeds", not in the grid' });
    if (path.split('.').some((p) => p === '')) issues.push({ path: `grid.${path}`, message: 'expected a dotted config path like "timing.maxDelay"' });
    issues.push(...duplicates(values, `grid.${path}`));
  }
  if (spec.seeds) issues.push(...duplicates(spec.seeds, 'seeds'));
  if (issues.length > 0) throw new ConfigError(issues);
  return spec;
}

/** One issue per value equal to an earlier one (objects compared by content, whatever their key order). */
function duplicates(values: readonly unknown[], path: string): ConfigIssue[] {
  const seen = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  values.forEach((v, i) => {
    const key = canonicalJson(v);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else issues.push({ path: `${path}[${i}]`, message: `duplicate of ${path}[${first}] (${JSON.stringify(v)}): each value makes one cell` });
  });
  return issues;
}
