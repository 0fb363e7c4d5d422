import type { ComputeTask } from '../tasks/task.js';
import type { Job, JobResult } from './jobs.js';

/**
 * Runs one job against a loaded task, synchronously. Shared by the inline executor and the pool threads,
 * so both paths run literally the same code.
 */
export function executeJob<J extends Job>(task: ComputeTask, job: J): JobResult<J> {
  if (job.kind === 'gradient') {
    const loss = task.gradient(job.params, job.split, job.indices, job.flipLabels, job.out);
    return { loss } as JobResult<J>;
  }
  if (job.kind === 'evaluate') {
    const { loss, accuracy } = task.evaluate(job.params, job.split);
    return { loss, accuracy } as JobResult<J>;
  }
  if (job.kind === 'loss') {
    return { loss: task.loss(job.params, job.split, job.indices) } as JobResult<J>;
  }
  throw new TypeError(`unknown job kind '${(job as { kind?: unknown }).kind}'`);
}
