import { allPositions, cutByWeights, sortByLabel, type Partition } from './partition.js';

/** Parameters of {@link gammaSimilarity}. */
export type GammaSimilarityParams = {
  /** Fraction of the data dealt out IID; 1 is IID, 0 is `extreme`. In [0, 1]. */
  readonly gamma: number;
};

/**
 * γ-similarity: ⌊γN⌋ samples, chosen by a seeded permutation, are split IID; the other N − ⌊γN⌋ are sorted by
 * label and cut into consecutive pieces; worker w gets its IID piece plus its sorted piece (both cut by the
 * same weights).
 * @see byzfl/fed_framework/data_distributor.py, `gamma_niid_idx` (LPD-EPFL/byzfl); there the IID part is
 * the first ⌊γN⌋ indices of the loader's order, here a seeded random subset (the train split is already a
 * seeded permutation, so both are uniform subsets).
 */
export function gammaSimilarity({ gamma }: GammaSimilarityParams): Partition {
  return ({ labels, weights, rng }) => {
    const order = rng.stream().shuffle(allPositions(labels.length));
    const k = Math.floor(gamma * labels.length);
    const mixed = cutByWeights(order.subarray(0, k), weights);
    const sorted = cutByWeights(sortByLabel(order.subarray(k), labels), weights);
    return mixed.map((m, w) => {
      const shard = new Int32Array(m.length + sorted[w].length);
      shard.set(m);
      shard.set(sorted[w], m.length);
      return shard;
    });
  };
}
