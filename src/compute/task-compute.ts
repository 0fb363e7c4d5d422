import type { ComputeTask } from '../tasks/task.js';
import { executeJob } from './execute.js';
import type { BackendName, Compute, Job, JobResult } from './jobs.js';

/**
 * A Compute that runs every job inline on a task you loaded yourself (for instance a tfjs model of your own, see
 * loadComputeTask), for `simulate(config, { compute })`. `backend` is what the summary records: the backend the
 * task computes on. Inline only: a task holding your functions cannot be posted to pool threads.
 */
export function taskCompute(task: ComputeTask, backend: BackendName): Compute {
  let closed = false;
  return {
    backend,
    async run<J extends Job>(job: J): Promise<JobResult<J>> {
      if (closed) throw new Error('compute is closed');
      return executeJob(task, job);
    },
    async close() {
      closed = true;
    },
  };
}
