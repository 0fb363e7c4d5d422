import type { Compute, Job, JobResult } from './jobs.js';

/**
 * What a run asked its compute for, by job kind. A property of the run (its config and seed), the same inline
 * and on any pool.
 */
export interface JobCounts {
  /** `gradient` jobs: one minibatch gradient each. */
  readonly gradient: number;
  /** `local` jobs (a federated worker's local training), and the SGD steps they took in all (one minibatch gradient each). */
  readonly local: number;
  readonly localSteps: number;
  /** `loss` jobs: one minibatch loss each, a forward pass only. */
  readonly loss: number;
  /** `evaluate` jobs: the model on a whole split. */
  readonly evaluate: number;
}

/** `compute` with every job run on it counted into `counts` (which the returned compute keeps current). */
export function countJobs(compute: Compute): { readonly compute: Compute; readonly counts: JobCounts } {
  const counts = { gradient: 0, local: 0, localSteps: 0, loss: 0, evaluate: 0 };
  return {
    counts,
    compute: {
      backend: compute.backend,
      run<J extends Job>(job: J): Promise<JobResult<J>> {
        counts[job.kind]++;
        if (job.kind === 'local') counts.localSteps += job.steps;
        return compute.run(job);
      },
      close: () => compute.close(),
    },
  };
}
