import type { Compute } from '../compute/jobs.js';
import type { Rng } from '../core/rng.js';
import type { ZenoRule } from '../policies/aggregators/zeno.js';
import type { TaskInfo } from '../tasks/task.js';
import { SubsetSampler } from './batches.js';
import type { BufferPool } from './buffer-pool.js';
import { sgdStep } from '../engine/vectors.js';
import type { RoundScorer } from './sync-server.js';

/**
 * Zeno's loss evaluations as pool jobs: one server minibatch of n_r validation samples per round (seeded by the
 * round), f_r at x, and f_r at each trial step x − γu_i built in a recycled shared buffer. All m + 1 jobs run
 * in parallel on the pool.
 */
export function zenoScorer(p: { compute: Compute; info: TaskInfo; rng: Rng }, rule: ZenoRule, trials: BufferPool): RoundScorer {
  const sampler = new SubsetSampler(p.info.validationSize, rule.validationBatch, p.rng.fork('zeno-batch'));
  const loss = (params: Float32Array, indices: Int32Array) =>
    p.compute.run({ kind: 'loss', params, split: 'validation', indices }).then((r) => r.loss);
  return {
    start(round, x, candidates, lr) {
      const indices = sampler.sample(round);
      const buffers = candidates.map((u) => {
        if (u === undefined) return undefined;
        const t = trials.acquire();
        sgdStep(t, x, lr, u, 0);
        return t;
      });
      const pending = Promise.all([loss(x, indices), ...buffers.map((t) => (t ? loss(t, indices) : Promise.resolve(Number.NaN)))]).then(
        ([before, ...after]) => ({ before, after }),
      );
      pending.catch(() => {});
      return { pending, release: () => buffers.forEach((t) => t && trials.release(t)) };
    },
  };
}
