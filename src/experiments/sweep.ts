import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { resolveConfig } from '../config/resolve.js';
import type { Registries } from '../config/registries.js';
import type { RunConfig } from '../config/schema.js';
import { hashJson } from '../core/hash.js';
import { writeFileAtomic } from './atomic-write.js';
import { sharedComputes } from './computes.js';
import { expandGrid, type SweepSpec } from './grid.js';
import { runFiles } from './results.js';
import { simulate } from './simulate.js';
import type { RunSummary } from './summary.js';

export interface SweepOptions {
  /** Cells run at once, sharing the pools. @default the machine's cores */
  readonly concurrency?: number;
  /** Threads of each pool (one pool per distinct task). @default the machine's cores */
  readonly threads?: number;
  /** Called as cells finish: (cells done including skipped, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Where rule, attack and timing names are looked up. @default defaultRegistries */
  readonly registries?: Registries;
}

export interface SweepOutcome {
  readonly total: number;
  readonly skipped: number;
  readonly ran: number;
  readonly failed: number;
  /** Path of the CSV with one row per cell. */
  readonly csv: string;
}

/** A cell's folder name: the start of its resolved config's hash, so the same cell always lands in the same place. */
export const cellFolder = (config: RunConfig) => hashJson(config).slice(0, 16);

/**
 * Runs every cell of a grid, resumably: a cell whose `summary.json` exists is skipped (summary.json is written
 * last and atomically, so it marks a finished cell), a failed cell gets `error.json` and the sweep goes on.
 * All cells are validated before any runs. Ends by writing `sweep.csv` (grid values + final metrics per cell).
 */
export async function runSweep(spec: SweepSpec, outDir: string, options: SweepOptions = {}): Promise<SweepOutcome> {
  const cells = expandGrid(spec).map((cell) => ({ ...cell, resolved: resolveConfig(cell.config, options.registries) }));
  const folder = (i: number) => join(outDir, 'cells', cellFolder(cells[i].resolved));
  const todo = cells.map((_, i) => i).filter((i) => !existsSync(join(folder(i), runFiles.summary)));
  let done = cells.length - todo.length;
  let failed = 0;
  options.onProgress?.(done, cells.length);

  const computes = sharedComputes(options.threads);
  const queue = [...todo];
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      try {
        await simulate(cells[i].resolved, { compute: await computes.for(cells[i].resolved), outDir: folder(i), ...(options.registries ? { registries: options.registries } : {}) });
      } catch (e) {
        failed++;
        await writeFileAtomic(join(folder(i), 'error.json'), `${JSON.stringify({ error: String(e), values: cells[i].values }, null, 2)}\n`);
      }
      options.onProgress?.(++done, cells.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? availableParallelism()) }, worker));
  } finally {
    await computes.close();
  }

  const rows = [];
  for (let i = 0; i < cells.length; i++) {
    const summaryPath = join(folder(i), runFiles.summary);
    const s: RunSummary | undefined = existsSync(summaryPath) ? JSON.parse(await readFile(summaryPath, 'utf8')) : undefined;
    const values = Object.fromEntries(Object.entries(cells[i].values).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : v]));
    rows.push({
      cell: cellFolder(cells[i].resolved),
      ...values,
      status: s ? 'done' : 'failed',
      test_accuracy: s?.final.testAccuracy ?? null,
      test_loss: s?.final.testLoss ?? null,
      accepted: s?.arrivals.accepted ?? null,
      rejected: s?.arrivals.rejected ?? null,
      false_positive_rate: s?.arrivals.falsePositiveRate ?? null,
      false_negative_rate: s?.arrivals.falseNegativeRate ?? null,
      mean_staleness: s?.staleness.mean ?? null,
      trace_hash: s?.traceHash ?? null,
      model_hash: s?.modelHash ?? null,
    });
  }
  const csv = join(outDir, 'sweep.csv');
  await writeFileAtomic(csv, stringify(rows, { header: true }));
  return { total: cells.length, skipped: cells.length - todo.length, ran: todo.length - failed, failed, csv };
}
