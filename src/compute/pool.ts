import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { Compute, ComputeOptions, Job, JobResult } from './jobs.js';
import type { BackendName } from './jobs.js';
import type { ThreadReply, ThreadRequest, ThreadTask } from './messages.js';
import { isShared } from './shared.js';

/** The worker entry next to this file: `.ts` when running the sources under tsx, `.js` in the compiled package. */
const threadFile = new URL(import.meta.url.endsWith('.ts') ? './thread.ts' : './thread.js', import.meta.url);

/**
 * Node flags for pool threads. A `.ts` worker needs tsx's loader in the thread. Threads inherit
 * process.execArgv, which has it when the parent was started with `node --import tsx`, `tsx script.ts` or
 * `mocha --import=tsx`, but not when the parent registered tsx programmatically; so we add an `--import` of
 * the tsx package (`tsx/dist/loader.mjs`; the `tsx/esm` entry does not work in a worker) by absolute URL.
 * Importing the same URL twice evaluates it once, so a duplicate is harmless. Resolved with createRequire
 * because mocha loads our files through tsx's CJS transform, where import.meta.resolve does not exist.
 */
function threadExecArgv(): string[] {
  const args = [...process.execArgv];
  if (threadFile.pathname.endsWith('.ts')) {
    args.push('--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href);
  }
  return args;
}

function rebuildError(reply: Extract<ThreadReply, { ok: false }>): Error {
  const err = new Error(reply.message);
  err.name = reply.name;
  if (reply.stack) err.stack = reply.stack;
  return err;
}

/**
 * A Compute backed by a piscina pool of `threads` worker threads, each holding tfjs (the backend resolved
 * by the main thread) and the task. Jobs share params and gradient slots through SharedArrayBuffers.
 */
export class PoolCompute implements Compute {
  /** Jobs re-run because their thread died (diagnostics). */
  retries = 0;
  private closed = false;
  /** A thread failure piscina could not attach to a job (e.g. a thread that cannot even start). */
  private failure: Error | undefined;
  private readonly ctx: ThreadTask;

  /** The underlying piscina pool (exposed for diagnostics and tests). */
  readonly pool: Piscina<ThreadRequest, ThreadReply>;

  constructor(
    options: ComputeOptions,
    readonly backend: BackendName,
    /** The module a user task's entry comes from (see ThreadTask); undefined for a built-in task. */
    module?: string,
  ) {
    this.ctx = { task: options.task, backend, ...(module !== undefined ? { module } : {}) };
    this.pool = new Piscina<ThreadRequest, ThreadReply>({
      filename: threadFile.href,
      minThreads: options.threads,
      maxThreads: options.threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: this.ctx,
      execArgv: threadExecArgv(),
      recordTiming: false,
    });
    // Without a listener, such an 'error' event would crash the process; report it on the next run instead.
    this.pool.on('error', (e: unknown) => {
      this.failure = e instanceof Error ? e : new Error(String(e));
    });
  }

  async run<J extends Job>(job: J): Promise<JobResult<J>> {
    if (this.closed) throw new Error('compute is closed');
    if (this.failure) throw new Error(`compute pool failed: ${this.failure.message}`, { cause: this.failure });
    // A non-shared `out` would be cloned into the thread and the gradient silently lost.
    if ((job.kind === 'gradient' || job.kind === 'local') && !isShared(job.out)) throw new TypeError(`${job.kind} job: out must be a view on a SharedArrayBuffer (see sharedFloat32)`);
    const req: ThreadRequest = { ...this.ctx, job };
    let reply: ThreadReply;
    try {
      reply = await this.pool.run(req);
    } catch (e) {
      if (this.closed) throw e;
      // The thread died (piscina replaces it). Jobs are pure, so running it again gives the same result.
      this.retries++;
      reply = await this.pool.run(req);
    }
    if (!reply.ok) throw rebuildError(reply);
    return reply.result as JobResult<J>;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.destroy();
  }
}
