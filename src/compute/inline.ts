import { loadTf } from './backend.js';
import { executeJob } from './execute.js';
import type { Compute, ComputeOptions, Job, JobResult } from './jobs.js';
import { loadTask } from './load-task.js';

/**
 * A Compute that runs every job on the calling thread: the reference the pool must match bit for bit,
 * and the cheapest choice for small models. Loads the backend and the task once.
 */
export async function createInlineCompute(options: ComputeOptions): Promise<Compute> {
  const { task, backend } = await loadTask(options.task, options.backend, options.tasks);
  let closed = false;
  return {
    backend,
    async run<J extends Job>(job: J): Promise<JobResult<J>> {
      if (closed) throw new Error('compute is closed');
      // Another loadTf in this thread may have switched tfjs's global backend since; switch back.
      if (backend !== 'engine' && backend !== 'js') await loadTf(backend);
      return executeJob(task, job);
    },
    async close() {
      closed = true;
    },
  };
}
