import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { CellJobData } from './cell-job.js';
import type { CellReply, CellThreadData } from './cell-thread.js';

/** The thread entry next to this file: `.ts` under tsx, `.js` once compiled. */
const threadFile = new URL(import.meta.url.endsWith('.ts') ? './cell-thread.ts' : './cell-thread.js', import.meta.url);

/** A `.ts` thread entry needs tsx's loader in the thread (see compute/pool.ts for why it is added by URL). */
function threadExecArgv(): string[] {
  const args = [...process.execArgv];
  if (threadFile.pathname.endsWith('.ts')) args.push('--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href);
  return args;
}

/** `concurrency` threads, each running one cell at a time. */
export function cellPool(concurrency: number, data: CellThreadData) {
  const pool = new Piscina<CellJobData, CellReply>({
    filename: threadFile.href,
    minThreads: 0,
    maxThreads: concurrency,
    concurrentTasksPerWorker: 1,
    idleTimeout: Number.POSITIVE_INFINITY,
    workerData: data,
    execArgv: threadExecArgv(),
    recordTiming: false,
  });
  return {
    /** The cell's reply; a thread that died (e.g. out of memory) is reported as the cell's error. */
    run: (job: CellJobData): Promise<CellReply> => pool.run(job).catch((e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }) as const),
    close: () => pool.destroy(),
  };
}
