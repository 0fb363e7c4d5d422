import { workerData } from 'node:worker_threads';
import { ConfigError } from '../core/errors.js';
import { sharedComputes } from '../experiments/computes.js';
import { runFolderFiles } from '../experiments/results.js';
import { simulate } from '../experiments/simulate.js';
import { importUserModules } from '../experiments/user-modules.js';
import type { CellJobData, CellJobResult } from './cell-job.js';

/** What a cell thread answers: the cell's files, or the error's message (as a local sweep records it). */
export type CellReply = ({ readonly ok: true } & CellJobResult) | { readonly ok: false; readonly error: string };

/** Settings of every cell thread of a worker. */
export interface CellThreadData {
  /** Pool threads each cell's compute uses (0 = inline on this cell thread). */
  readonly threads: number;
  /** URLs of modules that register the user's own names (`byzsim worker --import`), imported by each thread. */
  readonly modules?: readonly string[];
}

const settings = workerData as CellThreadData;
// One compute per task for all cells this thread runs, as a local sweep shares its pools between cells.
const computes = sharedComputes(settings.threads);
// Threads do not share the main thread's registrations: each imports the user's modules itself.
const registered = importUserModules(settings.modules ?? []);
registered.catch(() => {}); // reported by every cell

/** A name the config uses that this worker does not know (`unknown attack "x"; expected one of ...`). */
const unknownName = (e: unknown) => e instanceof ConfigError && e.issues.some((i) => /^unknown (?!parameter)/.test(i.message));

/**
 * Runs one cell on a thread of its own, off the worker's event loop, which must stay free to renew the job's lock
 * in Redis however long the cell computes.
 */
export default async function runCell(data: CellJobData): Promise<CellReply> {
  try {
    await registered;
    const result = await simulate(data.config, { compute: await computes.for(data.config) });
    return { ok: true, files: runFolderFiles(result) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const hint = unknownName(e)
      ? ' (names registered from code exist only where their module was imported: start every worker with byzsim worker --import <module>, see docs/distributed.md)'
      : '';
    return { ok: false, error: message + hint };
  }
}
