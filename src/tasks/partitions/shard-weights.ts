import { z } from 'zod';
import type { Rng } from '../../core/rng.js';

/**
 * Relative shard sizes across workers (config field `data.sizes`): `equal`; `weights`, one positive number per
 * worker; or `lognormal`, each worker's weight e^(σZ) with Z a seeded standard normal (σ = 0 is equal).
 * @see our construction: ByzFL's distributor (byzfl/fed_framework/data_distributor.py) only splits equally.
 */
export const shardWeightsSchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('equal') }),
  z.strictObject({ name: z.literal('weights'), weights: z.array(z.number().positive().finite()).min(1) }),
  z.strictObject({ name: z.literal('lognormal'), sigma: z.number().nonnegative().max(10) }),
]);

export type ShardWeightsSpec = z.output<typeof shardWeightsSchema>;

/** One weight per worker for `spec` (the lognormal draws come from `rng`, stream 0, worker order). */
export function shardWeights(spec: ShardWeightsSpec, workers: number, rng: Rng): number[] {
  switch (spec.name) {
    case 'equal':
      return new Array<number>(workers).fill(1);
    case 'weights':
      if (spec.weights.length !== workers) throw new RangeError(`data.sizes.weights: expected one weight per worker (${workers}), got ${spec.weights.length}`);
      return spec.weights.slice();
    case 'lognormal': {
      const stream = rng.stream();
      return Array.from({ length: workers }, () => Math.exp(spec.sigma * stream.normal()));
    }
  }
}
