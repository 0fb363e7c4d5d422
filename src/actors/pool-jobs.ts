import type { Compute } from '../compute/jobs.js';
import type { Rng } from '../core/rng.js';
import type { RoundJobs } from '../policies/aggregators/round-jobs.js';
import type { TaskInfo } from '../tasks/task.js';
import { SubsetSampler } from './batches.js';
import type { BufferPool } from './buffer-pool.js';

/** One round's {@link RoundJobs}, and the return of the buffers it handed out once the round is over. */
export interface RoundJobsHandle extends RoundJobs {
  release(): void;
}

/**
 * The pool jobs synchronous rules ask for (see {@link RoundJobs}), on the run's compute: validation draws are
 * samplers forked from the run's RNG by label and sampled by round, scratch and gradient buffers come from
 * the run's shared slots and go back when the round ends.
 */
export function poolJobs(p: { compute: Compute; info: TaskInfo; rng: Rng }, slots: BufferPool): (round: number, params: Float32Array, lr: number) => RoundJobsHandle {
  const samplers = new Map<string, { size: number; sampler: SubsetSampler }>();
  const quiet = <T>(pending: Promise<T>) => {
    // The server awaits it through the event loop, which reports a failure; this only stops Node calling it unhandled.
    pending.catch(() => {});
    return pending;
  };
  return (round, params, lr) => {
    const taken: Float32Array[] = [];
    const take = () => {
      const buffer = slots.acquire();
      taken.push(buffer);
      return buffer;
    };
    return {
      round,
      params,
      lr,
      validationBatch(label, size) {
        let entry = samplers.get(label);
        if (entry === undefined) {
          entry = { size, sampler: new SubsetSampler(p.info.validationSize, Math.min(size, p.info.validationSize), p.rng.fork(label)) };
          samplers.set(label, entry);
        } else if (entry.size !== size) {
          throw new RangeError(`validation draw ${JSON.stringify(label)}: asked for ${size} samples, but it was first asked for ${entry.size}`);
        }
        return entry.sampler.sample(round);
      },
      scratch: take,
      loss: (at, indices) => quiet(p.compute.run({ kind: 'loss', params: at, split: 'validation', indices }).then((r) => r.loss)),
      gradient(at, indices) {
        const out = take();
        return quiet(p.compute.run({ kind: 'gradient', params: at, split: 'validation', indices, flipLabels: false, out }).then(() => out));
      },
      release: () => taken.splice(0).forEach((b) => slots.release(b)),
    };
  };
}
