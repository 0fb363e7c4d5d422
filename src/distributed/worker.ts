import { hostname, availableParallelism } from 'node:os';
import { Worker } from 'bullmq';
import { CELL_QUEUE, type CellJobData, type CellJobResult } from './cell-job.js';
import { cellPool } from './cell-pool.js';
import { reachRedis, safeUrl } from './redis-connection.js';
import { userModuleUrl } from '../experiments/user-modules.js';
import { stopwatch } from '../experiments/wall-clock.js';

export interface CellWorkerOptions {
  /** Cells run at once, each on its own thread. @default the machine's cores */
  readonly concurrency?: number;
  /** Pool threads of each running cell (0 = the cell computes inline on its thread). @default 0 */
  readonly threads?: number;
  /**
   * A job whose worker stopped renewing its lock (killed, machine gone) is given to another worker after about
   * this long (BullMQ's lock duration and stalled-check interval). @default 30
   */
  readonly stallSeconds?: number;
  /**
   * Modules that register the user's own tasks, rules, attacks or timing models when imported (paths relative to
   * the working directory, or file URLs; see `importUserModules`): each cell thread imports them before its first
   * cell, since threads do not share the registrations of the program that started the worker. A module that
   * cannot be imported fails every cell with its error.
   */
  readonly modules?: readonly string[];
  /** Shown by the coordinator and the dashboard as the job's worker. @default host:pid */
  readonly name?: string;
  /** Told when a cell starts, finishes or fails on this worker. */
  readonly onCell?: (event: CellEvent) => void;
  /** Told of queue errors (e.g. Redis lost; BullMQ keeps reconnecting). */
  readonly onError?: (error: Error) => void;
}

export type CellEvent =
  | { readonly kind: 'start'; readonly id: string; readonly name: string }
  | { readonly kind: 'done'; readonly id: string; readonly name: string; readonly seconds: number }
  | { readonly kind: 'failed'; readonly id: string; readonly name: string; readonly seconds: number; readonly error: string };

/** A running `byzsim worker`. */
export interface CellWorker {
  readonly name: string;
  /** Stops taking cells, waits for the running ones to finish and send their results, then disconnects. */
  close(): Promise<void>;
}

/** BullMQ's messages when a cell finished but its job can no longer take the result, in the user's terms. */
const explain = (message: string) => {
  const gone = /^Missing key for job (\S+)\. moveToFinished/.exec(message);
  if (gone) return `cell ${gone[1].slice(0, 16)} finished but its job is gone from Redis (restarted without its data, or the job was removed); the coordinator adds it again`;
  const lost = /^(?:Missing lock|Lock mismatch) for job (\S+)\. (?:Cmd )?moveToFinished/.exec(message);
  if (lost) return `cell ${lost[1].slice(0, 16)} finished but this worker lost its job lock meanwhile (Redis was away, or the worker stalled); the job's other run sends the same result`;
  return message;
};

/**
 * Takes sweep cells from the queue at `url` and runs them, `concurrency` at a time, each on a thread of its own so
 * that this event loop stays free to renew job locks. A cell's result (its folder's files) or its error goes back
 * through the queue. Fails fast, naming the URL, when Redis cannot be reached.
 */
export async function startCellWorker(url: string, options: CellWorkerOptions = {}): Promise<CellWorker> {
  const connection = await reachRedis(url);
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  const stallMs = Math.round((options.stallSeconds ?? 30) * 1000);
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const cells = cellPool(concurrency, { threads: options.threads ?? 0, modules: (options.modules ?? []).map(userModuleUrl) });
  const worker = new Worker<CellJobData, CellJobResult>(
    CELL_QUEUE,
    async (job) => {
      const id = job.id!;
      options.onCell?.({ kind: 'start', id, name: job.name });
      const elapsed = stopwatch();
      const reply = await cells.run(job.data);
      const seconds = elapsed();
      if (!reply.ok) {
        options.onCell?.({ kind: 'failed', id, name: job.name, seconds, error: reply.error });
        // The message becomes the job's failedReason, which the coordinator writes to error.json.
        throw new Error(reply.error);
      }
      options.onCell?.({ kind: 'done', id, name: job.name, seconds });
      return { files: reply.files };
    },
    {
      connection,
      name,
      concurrency,
      lockDuration: stallMs,
      stalledInterval: stallMs,
      // A cell whose worker died is run again elsewhere, twice at most: BullMQ fails a job on the stall that takes
      // its stall count above maxStalledCount (moveStalledJobsToWait), so a cell under which workers die three times is recorded as failed.
      maxStalledCount: 2,
    },
  );
  worker.on('error', (e) => options.onError?.(new Error(`queue at ${safeUrl(url)}: ${explain(e.message)}`, { cause: e })));
  await worker.waitUntilReady();
  return {
    name,
    async close() {
      await worker.close();
      await cells.close();
    },
  };
}
