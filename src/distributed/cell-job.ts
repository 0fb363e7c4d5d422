import type { RunConfig } from '../config/schema.js';
import { hashJson } from '../core/hash.js';

/** The BullMQ queue that holds sweep cells (one per Redis database; cells of every sweep share it). */
export const CELL_QUEUE = 'byzsim-cells';

/** What a cell job carries: the resolved config, validated by the coordinator. */
export interface CellJobData {
  readonly config: RunConfig;
}

/**
 * What a worker sends back: the text of every file of the cell's folder, in writing order. The coordinator writes
 * them as they are, so the folder is byte-identical to a local run's.
 */
export interface CellJobResult {
  readonly files: Array<[name: string, text: string]>;
}

/**
 * A cell's job id is its config hash: the same cell is the same job, whichever sweep or coordinator adds it, so
 * resubmitting never duplicates work (BullMQ ignores an add whose id exists).
 */
export const cellJobId = (config: RunConfig) => hashJson(config);

/** Finished jobs (and their results) stay in Redis this long, for coordinators that come back late. */
export const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;
