import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { resolveConfig } from '../config/resolve.js';
import type { Registries } from '../config/registries.js';
import type { RunConfig } from '../config/schema.js';
import { writeFileAtomic } from './atomic-write.js';
import { sharedComputes } from './computes.js';
import { simulate, type RunResult } from './simulate.js';
import { runFolderName } from './results.js';
import { distinctRunNames } from './run-name.js';
import { lockFolder } from './folder-lock.js';

export interface StudyOptions {
  /** Pool threads shared by all runs; 0 = inline. @default the machine's cores */
  readonly threads?: number;
  /**
   * Results root: each run gets a sub-folder, plus `study.csv` with one row per run. The folder is locked
   * (`.lock`, as a sweep's) from before the first run until study.csv is written.
   */
  readonly outDir?: string;
  /** Called with (arrivals handled, total arrivals) over all runs. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Where rule, attack, timing and task names are looked up. @default defaultRegistries */
  readonly registries?: Registries;
  /** Called with a note (a dead process's lock taken over). */
  readonly onNote?: (message: string) => void;
}

/**
 * Runs several configs concurrently over one shared compute (each run stays deterministic: its results depend
 * only on its config). All configs are validated before anything runs. With `outDir`, the folder is locked
 * while the study runs (a sweep or another study into it is refused) and `study.csv` is written at the end.
 */
export async function runStudy(inputs: readonly unknown[], options: StudyOptions = {}): Promise<RunResult[]> {
  const configs = inputs.map((c) => resolveConfig(c, options.registries));
  // Runs shown in one table: two different configs never share a name (nor a folder name's stem).
  const names = distinctRunNames(configs, options.registries);
  const { outDir } = options;
  // Released on return, on a throw, and (through the cleanup registry) when the CLI is interrupted.
  const release = outDir ? await lockFolder(outDir, options.onNote) : async () => {};
  try {
    const results = await runAll(configs, names, options);
    if (outDir) await writeStudyTable(outDir, results);
    return results;
  } finally {
    await release();
  }
}

async function runAll(configs: readonly RunConfig[], names: readonly string[], options: StudyOptions): Promise<RunResult[]> {
  const computes = sharedComputes(options.threads, options.registries?.tasks);
  // Start every pool before the first run, so a compute that cannot start fails the study at once.
  for (const c of configs) await computes.for(c);
  const total = configs.reduce((s, c) => s + c.steps, 0);
  const done = configs.map(() => 0);
  try {
    return await Promise.all(
      configs.map(async (config, i) =>
        simulate(config, {
          compute: await computes.for(config),
          ...(options.registries ? { registries: options.registries } : {}),
          name: names[i],
          outDir: options.outDir ? join(options.outDir, runFolderName(config, names[i])) : undefined,
          onProgress: options.onProgress
            ? (d) => {
                done[i] = d;
                options.onProgress!(done.reduce((a, b) => a + b, 0), total);
              }
            : undefined,
        }),
      ),
    );
  } finally {
    await computes.close();
  }
}

/** Writes `study.csv`: one row per run (its folder first) with its headline metrics; undefined rates are left empty. */
export async function writeStudyTable(outDir: string, results: readonly RunResult[]): Promise<void> {
  const finite = (x: number) => (Number.isFinite(x) ? x : null); // empty in the CSV, as in sweep.csv
  const rows = results.map(({ config, summary: s }) => ({
    folder: runFolderName(config, s.name),
    name: s.name,
    policy: s.policy,
    attack: s.attack,
    byzantine: s.byzantineCount,
    seed: s.seed,
    test_accuracy: finite(s.final.testAccuracy),
    test_loss: finite(s.final.testLoss),
    accepted: s.arrivals.accepted,
    rejected: s.arrivals.rejected,
    unselected: s.arrivals.unselected,
    skipped: s.skipped,
    false_positive_rate: finite(s.arrivals.falsePositiveRate),
    false_negative_rate: finite(s.arrivals.falseNegativeRate),
    mean_staleness: finite(s.staleness.mean),
    wall_seconds: s.wall.totalSeconds,
    backend: s.backend,
    trace_hash: s.traceHash,
    model_hash: s.modelHash,
    non_finite_model_at: s.nonFiniteModel?.arrival ?? null,
  }));
  await writeFileAtomic(join(outDir, 'study.csv'), stringify(rows, { header: true }));
}
