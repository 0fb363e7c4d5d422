import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import type { Registries } from '../config/registries.js';
import { lockFolder } from '../experiments/folder-lock.js';
import { checkOutputFolder } from '../experiments/output-folder.js';
import { runFiles, writeFolderFiles } from '../experiments/results.js';
import type { SweepSpec } from '../experiments/sweep-spec.js';
import type { RunSummary } from '../experiments/summary.js';
import { noteNonFiniteCells, planSweep, readCellSummaries, recordCellError, removePartialFolders, writeSweepCsv, type SweepCell, type SweepOutcome } from '../experiments/sweep.js';
import { CELL_QUEUE, cellJobId, KEEP_FINISHED_SECONDS, type CellJobData, type CellJobResult } from './cell-job.js';
import { reachRedis, safeUrl } from './redis-connection.js';
import { workerNames } from './worker-names.js';

export interface DistributedSweepOptions {
  /** The Redis URL, e.g. `redis://10.0.0.5:6379`. */
  readonly queue: string;
  /** Called whenever a count changes and at every poll. */
  readonly onProgress?: (progress: QueueProgress) => void;
  /** Called with things the user should know: a cell that failed, an unreadable cell rerun. */
  readonly onNote?: (message: string) => void;
  /** Seconds between checks of the cells' jobs and of connected workers (events do most of the work). @default 2 */
  readonly pollSeconds?: number;
  /**
   * Where the coordinator checks rule, attack, timing and task names. @default defaultRegistries. The workers know
   * only the built-in names and those of their `--import` modules (`startCellWorker`'s `modules`).
   */
  readonly registries?: Registries;
}

/** Where a distributed sweep stands. */
export interface QueueProgress {
  /** Cells finished (already on disk, collected, or failed) out of `total`. */
  readonly done: number;
  readonly total: number;
  /** Cells of this sweep that a worker is running now. */
  readonly running: number;
  readonly failed: number;
  /** Workers that ran a cell of this sweep or were connected to the queue at some point. */
  readonly workersSeen: readonly string[];
  /** Workers connected to the queue now. */
  readonly workersConnected: number;
}

export interface DistributedSweepOutcome extends SweepOutcome {
  readonly workersSeen: readonly string[];
}

const fileNames = new Set<string>(Object.values(runFiles));

/**
 * A sweep whose cells run on `byzsim worker` processes anywhere: each unfinished cell becomes a BullMQ job whose
 * id is its config hash (adding it again is a no-op, so resubmitting never duplicates work), and each result is
 * written to the cell's folder as it arrives. Finished cells on disk are skipped; jobs a previous coordinator left
 * completed are collected; jobs that failed before are tried again (as a local sweep reruns failed cells).
 * Ends with the same sweep.csv as `runSweep`. The sweep is checked, and Redis reached, before anything is
 * written; the folder is locked as for a local sweep.
 */
export async function runDistributedSweep(input: SweepSpec | unknown, outDir: string, options: DistributedSweepOptions): Promise<DistributedSweepOutcome> {
  const { cells } = planSweep(input, options.registries);
  const note = options.onNote ?? (() => {});
  await checkOutputFolder(outDir);
  const summaries = await readCellSummaries(cells, outDir, note);
  const todo = cells.map((_, i) => i).filter((i) => summaries[i] === undefined);
  const connection = todo.length > 0 ? await reachRedis(options.queue) : undefined;
  const release = await lockFolder(outDir, note);
  try {
    await removePartialFolders(outDir);
    const { errors, workersSeen } = connection ? await collect(cells, todo, outDir, connection, summaries, note, options) : { errors: new Map<number, string>(), workersSeen: [] };
    const csv = await writeSweepCsv(outDir, cells, summaries, errors);
    noteNonFiniteCells(cells, summaries, note);
    const failures = [...errors].map(([i, error]) => ({ cell: cells[i].label, error }));
    return { total: cells.length, skipped: cells.length - todo.length, ran: todo.length - errors.size, failed: errors.size, failures, csv, workersSeen };
  } finally {
    await release();
  }
}

/** Enqueues the cells to do and writes their results (filling `summaries`) as they arrive. */
async function collect(
  cells: readonly SweepCell[],
  todo: readonly number[],
  outDir: string,
  connection: Awaited<ReturnType<typeof reachRedis>>,
  summaries: Array<RunSummary | undefined>,
  note: (m: string) => void,
  options: DistributedSweepOptions,
): Promise<{ errors: Map<number, string>; workersSeen: string[] }> {
  const pending = new Map(todo.map((i) => [cellJobId(cells[i].config), i]));
  const errors = new Map<number, string>();
  const running = new Set<string>();
  const seen = new Set<string>();
  let connected = 0;
  const report = () =>
    options.onProgress?.({ done: cells.length - pending.size, total: cells.length, running: running.size, failed: errors.size, workersSeen: [...seen].sort(), workersConnected: connected });

  const queue = new Queue<CellJobData, CellJobResult, string>(CELL_QUEUE, { connection });
  const events = new QueueEvents(CELL_QUEUE, { connection });
  let problem: Error | undefined;
  let wake = () => {};
  const keep = { age: KEEP_FINISHED_SECONDS };
  const add = (ids: readonly string[]) =>
    queue.addBulk(ids.map((jobId) => ({ name: cells[pending.get(jobId)!].label, data: { config: cells[pending.get(jobId)!].config }, opts: { jobId, removeOnComplete: keep, removeOnFail: keep } })));

  // Counted once written, with the removal from `pending` that follows, so progress never shows it half done.
  const fail = async (i: number, message: string) => {
    await recordCellError(outDir, cells[i], message, note);
    errors.set(i, message);
  };
  /** Looks at a job and acts on its state; `retryFailed` on the first look, for failures left by an earlier attempt. */
  const look = async (id: string, retryFailed: boolean): Promise<void> => {
    const i = pending.get(id);
    if (i === undefined) return;
    const state = await queue.getJobState(id);
    if (state === 'completed' || state === 'failed') {
      running.delete(id);
      const job = await queue.getJob(id);
      if (!job) return look(id, retryFailed);
      if (state === 'failed' && retryFailed) {
        await job.retry('failed');
        return;
      }
      if (job.processedBy) seen.add(job.processedBy);
      if (state === 'failed') await fail(i, job.failedReason);
      else {
        const files = cellFiles(job.returnvalue);
        if (!files) await fail(i, `the result sent by worker ${job.processedBy ?? '?'} is not a cell folder (is it running another version of byzsim?)`);
        else {
          await writeFolderFiles(join(outDir, 'cells', cells[i].id), files);
          summaries[i] = JSON.parse(files[files.length - 1][1]) as RunSummary;
        }
      }
      pending.delete(id);
    } else if (state === 'unknown') {
      // Gone from Redis (a Redis restarted empty, or the job removed by hand): add it again.
      await add([id]);
    } else if (state === 'active') {
      running.add(id);
      const by = (await queue.getJob(id))?.processedBy;
      if (by) seen.add(by);
    } else {
      running.delete(id);
    }
    report();
    if (pending.size === 0) wake();
  };
  // Looks at one job are chained, so events and polls never handle a job twice at once.
  const chains = new Map<string, Promise<void>>();
  const check = (id: string, retryFailed = false) => {
    if (!pending.has(id)) return;
    const next = (chains.get(id) ?? Promise.resolve())
      .then(() => look(id, retryFailed))
      .catch((e: unknown) => {
        problem ??= e instanceof Error ? e : new Error(String(e));
        wake();
      });
    chains.set(id, next);
  };
  const countWorkers = async () => {
    const names = workerNames(await queue.getWorkers());
    connected = names.length;
    for (const n of names) seen.add(n);
  };
  // While Redis is away, commands wait for the reconnection: one poll at a time, so none pile up meanwhile.
  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      await countWorkers();
      for (const id of pending.keys()) check(id);
      await Promise.all(chains.values());
      report();
      redisBack();
    } finally {
      polling = false;
    }
  };
  // BullMQ reconnects by itself; say once that Redis is away (instead of BullMQ printing every failed attempt).
  let away = false;
  const redisAway = (e: Error) => {
    if (away) return;
    away = true;
    note(`lost Redis at ${safeUrl(options.queue)} (${e.message}); reconnecting, the workers keep computing`);
  };
  const redisBack = () => {
    if (!away) return;
    away = false;
    note(`Redis at ${safeUrl(options.queue)} is back`);
  };
  queue.on('error', redisAway);
  events.on('error', redisAway);

  try {
    // Listen before adding and looking, so no finish is missed between the two.
    for (const name of ['active', 'completed', 'failed', 'stalled', 'waiting', 'removed'] as const) {
      events.on(name, ({ jobId }: { jobId: string }) => check(jobId));
    }
    await events.waitUntilReady();
    await countWorkers();
    report();
    await add([...pending.keys()]);
    for (const id of [...pending.keys()]) check(id, true);
    const timer = setInterval(() => poll().catch(redisAway), (options.pollSeconds ?? 2) * 1000);
    try {
      await poll();
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (pending.size === 0 || problem) resolve();
      });
    } finally {
      clearInterval(timer);
    }
    await Promise.all(chains.values());
    if (problem) throw problem;
  } finally {
    await events.close();
    await queue.close();
  }
  return { errors, workersSeen: [...seen].sort() };
}

/** A worker's result if it is a cell folder (only the run-folder files, as text, summary.json last and readable). */
function cellFiles(value: unknown): CellJobResult['files'] | undefined {
  const files = (value as Partial<CellJobResult> | null)?.files;
  const ok =
    Array.isArray(files) &&
    files.length > 0 &&
    files.every((f) => Array.isArray(f) && f.length === 2 && fileNames.has(f[0]) && typeof f[1] === 'string') &&
    files[files.length - 1][0] === runFiles.summary;
  if (!ok) return undefined;
  try {
    JSON.parse(files[files.length - 1][1]);
    return files;
  } catch {
    return undefined;
  }
}
