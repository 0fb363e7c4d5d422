import { allPositions, cutByWeights, type Partition } from './partition.js';

/**
 * IID shards: one seeded permutation of the training positions cut into pieces proportional to the workers'
 * weights (sizes differing by at most one when equal).
 * @see byzfl/fed_framework/data_distributor.py, `iid_idx` (LPD-EPFL/byzfl).
 */
export function iid(): Partition {
  return ({ labels, weights, rng }) => cutByWeights(rng.stream().shuffle(allPositions(labels.length)), weights);
}
