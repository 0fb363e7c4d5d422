import { allPositions, cutByWeights, sortByLabel, type Partition } from './partition.js';

/**
 * Extreme non-IID (sorted shards): the training positions sorted by label, cut into consecutive pieces, so
 * each worker sees one or two classes (for regression: one band of target values).
 * @see byzfl/fed_framework/data_distributor.py, `extreme_niid_idx` (LPD-EPFL/byzfl).
 */
export function extreme(): Partition {
  return ({ labels, weights }) => cutByWeights(sortByLabel(allPositions(labels.length), labels), weights);
}
