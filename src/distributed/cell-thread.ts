import { workerData } from 'node:worker_threads';
import { sharedComputes } from '../experiments/computes.js';
import { runFolderFiles } from '../experiments/results.js';
import { simulate } from '../experiments/simulate.js';
import type { CellJobData, CellJobResult } from './cell-job.js';

/** What a cell thread answers: the cell's files, or the error's message (as a local sweep records it). */
export type CellReply = ({ readonly ok: true } & CellJobResult) | { readonly ok: false; readonly error: string };

/** Settings of every cell thread of a worker. */
export interface CellThreadData {
  /** Pool threads each cell's compute uses (0 = inline on this cell thread). */
  readonly threads: number;
}

// One compute per task for all cells this thread runs, as a local sweep shares its pools between cells.
const computes = sharedComputes((workerData as CellThreadData).threads);

/**
 * Runs one cell on a thread of its own, off the worker's event loop, which must stay free to renew the job's lock
 * in Redis however long the cell computes.
 */
export default async function runCell(data: CellJobData): Promise<CellReply> {
  try {
    const result = await simulate(data.config, { compute: await computes.for(data.config) });
    return { ok: true, files: runFolderFiles(result) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
