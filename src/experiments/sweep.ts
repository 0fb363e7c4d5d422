import { existsSync, rmdirSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { resolveConfig } from '../config/resolve.js';
import type { Registries } from '../config/registries.js';
import type { RunConfig } from '../config/schema.js';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { hashJson } from '../core/hash.js';
import { writeFileAtomic } from './atomic-write.js';
import { registerCleanup } from './cleanup.js';
import { sharedComputes } from './computes.js';
import { lockFolder } from './folder-lock.js';
import { describeCell, expandGrid } from './grid.js';
import { checkOutputFolder } from './output-folder.js';
import { readSummary } from './results.js';
import { simulate } from './simulate.js';
import { divergedLoss, type RunSummary } from './summary.js';
import type { ParsedSweepSpec, SweepSpec } from './sweep-spec.js';
import { parseSweepSpec } from './sweep-spec.js';

export interface SweepOptions {
  /** Cells run at once, sharing the pools. @default the machine's cores */
  readonly concurrency?: number;
  /** Threads of each pool (one pool per distinct task). @default the machine's cores */
  readonly threads?: number;
  /** Called as work is done: (arrivals done, including finished cells', total arrivals of the sweep). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Where rule, attack, timing and task names are looked up. @default defaultRegistries */
  readonly registries?: Registries;
  /** Called with things the user should know: a cell rerun because its files were unreadable, a cell that failed. */
  readonly onNote?: (message: string) => void;
}

export interface SweepOutcome {
  readonly total: number;
  readonly skipped: number;
  readonly ran: number;
  readonly failed: number;
  /** The cells that failed, by grid values, with their error. */
  readonly failures: ReadonlyArray<{ readonly cell: string; readonly error: string }>;
  /** Path of the CSV with one row per cell. */
  readonly csv: string;
}

/** One cell of a checked sweep: its grid values, resolved config, folder name under `cells/`, and a label. */
export interface SweepCell {
  readonly values: Readonly<Record<string, unknown>>;
  readonly config: RunConfig;
  readonly id: string;
  /** The grid values, e.g. `timing.maxDelay=5, policy={"name":"zeno++"}, seed=1`. */
  readonly label: string;
}

/** A sweep checked from end to end: the spec and every cell's resolved config. */
export interface SweepPlan {
  readonly spec: ParsedSweepSpec;
  readonly cells: readonly SweepCell[];
}

/** A cell's folder name: the start of its resolved config's hash, so the same cell always lands in the same place. */
export const cellFolder = (config: RunConfig) => hashJson(config).slice(0, 16);

/**
 * Checks a sweep before any work: the spec itself, then every cell's config. Throws one ConfigError listing
 * every problem, each naming its field and the cells (grid values) it occurs in; two cells that resolve to the
 * same config are refused too (they would share a folder).
 */
export function planSweep(input: SweepSpec | unknown, registries?: Registries): SweepPlan {
  const spec = parseSweepSpec(input);
  const grid = expandGrid(spec);
  const byIssue = new Map<string, { issue: ConfigIssue; cells: number[] }>();
  const cells: SweepCell[] = [];
  grid.forEach((cell, i) => {
    try {
      const config = resolveConfig(cell.config, registries);
      cells.push({ values: cell.values, config, id: cellFolder(config), label: describeCell(cell.values) });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      for (const issue of e.issues) {
        const key = `${issue.path}\0${issue.message}`;
        if (!byIssue.has(key)) byIssue.set(key, { issue, cells: [] });
        byIssue.get(key)!.cells.push(i);
      }
    }
  });
  const issues = [...byIssue.values()].map(({ issue, cells: where }) => ({ path: issue.path, message: `${issue.message} (${whichCells(grid, where)})` }));
  const seen = new Map<string, SweepCell>();
  for (const cell of cells) {
    const first = seen.get(cell.id);
    if (first) issues.push({ path: 'grid', message: `cells ${first.label} and ${cell.label} resolve to the same config: each cell must differ` });
    else seen.set(cell.id, cell);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { spec, cells };
}

/** `every cell`, `cell policy=..., seed=1`, or `3 cells: ...`, naming grid values without the seed when all seeds are in. */
function whichCells(grid: ReturnType<typeof expandGrid>, where: number[]): string {
  if (where.length === grid.length) return 'every cell';
  const withoutSeed = (i: number) => describeCell(Object.fromEntries(Object.entries(grid[i].values).filter(([k]) => k !== 'seed')));
  const seedsPerCombo = new Map<string, number>();
  for (let i = 0; i < grid.length; i++) seedsPerCombo.set(withoutSeed(i), (seedsPerCombo.get(withoutSeed(i)) ?? 0) + 1);
  const hit = new Map<string, number>();
  for (const i of where) hit.set(withoutSeed(i), (hit.get(withoutSeed(i)) ?? 0) + 1);
  const allSeeds = [...hit].every(([k, n]) => seedsPerCombo.get(k) === n) && [...hit.keys()].every((k) => k !== '');
  const labels = allSeeds ? [...hit.keys()] : where.map((i) => describeCell(grid[i].values));
  const shown = labels.slice(0, 3).join('; ') + (labels.length > 3 ? `; and ${labels.length - 3} more` : '');
  return labels.length === 1 ? `cell ${shown}` : `${labels.length} cells: ${shown}`;
}

/**
 * Runs every cell of a grid, resumably: a cell whose `summary.json` reads back is skipped (summary.json is written
 * last, and the cell folder appears whole), one whose summary is unreadable is run again (with a note), and a
 * cell that fails gets `error.json` while the sweep goes on. Everything is checked before any work; the folder is
 * locked while the sweep runs, so two sweeps into one folder never run the same cells. Ends by writing
 * `sweep.csv` (grid values + final metrics per cell, in grid order).
 */
export async function runSweep(input: SweepSpec | unknown, outDir: string, options: SweepOptions = {}): Promise<SweepOutcome> {
  const { cells } = planSweep(input, options.registries);
  const note = options.onNote ?? (() => {});
  await checkOutputFolder(outDir);
  // Interrupted before any cell finished, the sweep leaves no empty folders it created (run after the lock's removal).
  const created = [join(outDir, 'cells')];
  for (let d = resolve(outDir); !existsSync(d) && dirname(d) !== d; d = dirname(d)) created.push(d);
  const unregister = registerCleanup(() => {
    for (const d of created) {
      try {
        rmdirSync(d); // only if empty
      } catch {
        // not empty (finished cells stay), or never made
      }
    }
  });
  const release = await lockFolder(outDir, note);
  try {
    await removePartialFolders(outDir);
    return await runCells(cells, outDir, options, note);
  } finally {
    await release();
    unregister();
  }
}

async function runCells(cells: readonly SweepCell[], outDir: string, options: SweepOptions, note: (m: string) => void): Promise<SweepOutcome> {
  const folder = (i: number) => join(outDir, 'cells', cells[i].id);
  const summaries = await readCellSummaries(cells, outDir, note);
  const todo = cells.map((_, i) => i).filter((i) => summaries[i] === undefined);
  const total = cells.reduce((s, c) => s + c.config.steps, 0);
  let done = total - todo.reduce((s, i) => s + cells[i].config.steps, 0);
  const errors = new Map<number, string>();
  options.onProgress?.(done, total);

  const computes = sharedComputes(options.threads, options.registries?.tasks);
  const queue = [...todo];
  // Never throws: a failing cell is recorded and the others go on (the pools stay up until every cell is done).
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      let progress = 0;
      try {
        const result = await simulate(cells[i].config, {
          compute: await computes.for(cells[i].config),
          outDir: folder(i),
          ...(options.registries ? { registries: options.registries } : {}),
          onProgress: (d) => {
            done += d - progress;
            progress = d;
            options.onProgress?.(done, total);
          },
        });
        summaries[i] = result.summary;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        errors.set(i, message);
        await recordCellError(outDir, cells[i], message, note);
      }
      done += cells[i].config.steps - progress;
      options.onProgress?.(done, total);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(todo.length, options.concurrency ?? availableParallelism())) }, worker));
  } finally {
    await computes.close();
  }
  const csv = await writeSweepCsv(outDir, cells, summaries, errors);
  noteNonFiniteCells(cells, summaries, note);
  const failures = [...errors].map(([i, error]) => ({ cell: cells[i].label, error }));
  return { total: cells.length, skipped: cells.length - todo.length, ran: todo.length - errors.size, failed: errors.size, failures, csv };
}

/**
 * Removes the `cells/<id>.partial-*` folders a killed process (SIGKILL, power loss) left half written. Call it
 * holding the folder's lock: then no one else is writing one.
 */
export async function removePartialFolders(outDir: string): Promise<void> {
  const entries = await readdir(join(outDir, 'cells')).catch(() => [] as string[]);
  await Promise.all(entries.filter((e) => /\.partial-[0-9a-f]+$/.test(e)).map((e) => rm(join(outDir, 'cells', e), { recursive: true, force: true })));
}

/**
 * The summary of each cell already finished in `outDir`, undefined for a cell still to run; a cell whose summary
 * cannot be read is run again, with a note.
 */
export async function readCellSummaries(cells: readonly SweepCell[], outDir: string, note: (m: string) => void): Promise<Array<RunSummary | undefined>> {
  const summaries: Array<RunSummary | undefined> = [];
  for (const cell of cells) {
    const read = await readSummary<RunSummary>(join(outDir, 'cells', cell.id));
    summaries.push(read.ok ? read.summary : undefined);
    if (!read.ok && !read.missing) note(`cell ${cell.label}: ${read.reason}; running it again`);
  }
  return summaries;
}

/** Notes a failed cell and writes its `error.json` (the error and the grid values); never throws. */
export async function recordCellError(outDir: string, cell: SweepCell, message: string, note: (m: string) => void): Promise<void> {
  note(`cell ${cell.label} failed: ${message}`);
  try {
    await writeFileAtomic(join(outDir, 'cells', cell.id, 'error.json'), `${JSON.stringify({ error: message, values: cell.values }, null, 2)}\n`);
  } catch (writeError) {
    note(`cell ${cell.label}: could not write its error.json (${(writeError as Error).message}); the error is in sweep.csv`);
  }
}

/** One note per finished cell whose model became non-finite or diverged (at most `shown`, then how many more). */
export function noteNonFiniteCells(cells: readonly SweepCell[], summaries: ReadonlyArray<RunSummary | undefined>, note: (m: string) => void, shown = 5): void {
  const broken = cells.flatMap((cell, i) => {
    const s = summaries[i];
    if (s?.nonFiniteModel) {
      return [`cell ${cell.label}: the model became non-finite (NaN or infinite parameters) at arrival ${s.nonFiniteModel.arrival} (update ${s.nonFiniteModel.version})`];
    }
    const diverged = s && divergedLoss(s);
    return diverged ? [`cell ${cell.label}: ${diverged}`] : [];
  });
  for (const line of broken.slice(0, shown)) note(`WARNING: ${line}; its metrics describe a broken model`);
  if (broken.length > shown) note(`WARNING: and ${broken.length - shown} more cells with a non-finite or diverged model (see the report, or non_finite_model_at and test_loss in sweep.csv)`);
}

/**
 * Writes `sweep.csv`: one row per cell in grid order (grid values, status, final metrics, the arrival at which the
 * model became non-finite if it did, error). Returns its path.
 */
export async function writeSweepCsv(
  outDir: string,
  cells: readonly SweepCell[],
  summaries: ReadonlyArray<RunSummary | undefined>,
  errors: ReadonlyMap<number, string>,
): Promise<string> {
  const rows = cells.map((cell, i) => {
    const s = summaries[i];
    const values = Object.fromEntries(Object.entries(cell.values).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : v]));
    const finite = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
    return {
      cell: cell.id,
      ...values,
      status: s ? 'done' : 'failed',
      test_accuracy: finite(s?.final.testAccuracy),
      test_loss: finite(s?.final.testLoss),
      accepted: s?.arrivals.accepted ?? null,
      rejected: s?.arrivals.rejected ?? null,
      // Vectors a selection rule (Krum, Multi-Krum, Bulyan) did not pick: not rejections, so not in `rejected`.
      unselected: s?.arrivals.unselected ?? null,
      skipped: s?.skipped ?? null,
      false_positive_rate: finite(s?.arrivals.falsePositiveRate),
      false_negative_rate: finite(s?.arrivals.falseNegativeRate),
      mean_staleness: finite(s?.staleness.mean),
      trace_hash: s?.traceHash ?? null,
      model_hash: s?.modelHash ?? null,
      // The arrival at which the model became non-finite (its metrics then describe a broken model); empty if never.
      non_finite_model_at: s?.nonFiniteModel?.arrival ?? null,
      // One line, so every CSV record is one line (the report reads the cell ids line by line).
      error: errors.get(i)?.replace(/\s*\n\s*/g, ' ') ?? null,
    };
  });
  const csv = join(outDir, 'sweep.csv');
  await writeFileAtomic(csv, stringify(rows, { header: true }));
  return csv;
}
