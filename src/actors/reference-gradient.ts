import type { Compute } from '../compute/jobs.js';
import type { Rng } from '../core/rng.js';
import type { TaskInfo } from '../tasks/task.js';
import { SubsetSampler } from './batches.js';
import type { BufferPool } from './buffer-pool.js';
import type { ReferenceSource } from './sync-server.js';

/**
 * The server's gradient for rules that need a trusted reference (FLTrust's root-data gradient g₀): one pool
 * job per round at the round's model, on a fresh minibatch of validation samples seeded by the round (the
 * server's validation set plays the root dataset). One buffer, reused: a round's reference is consumed before
 * the next round starts.
 */
export function referenceGradient(p: { compute: Compute; info: TaskInfo; rng: Rng }, buffers: BufferPool): ReferenceSource {
  let sampler: SubsetSampler | undefined;
  let out: Float32Array | undefined;
  return {
    start(round, x, batch) {
      sampler ??= new SubsetSampler(p.info.validationSize, Math.min(batch, p.info.validationSize), p.rng.fork('reference-batch'));
      const buffer = (out ??= buffers.acquire());
      const pending = p.compute
        .run({ kind: 'gradient', params: x, split: 'validation', indices: sampler.sample(round), flipLabels: false, out: buffer })
        .then(() => buffer);
      pending.catch(() => {});
      return pending;
    },
  };
}
