import type { Rng } from '../../core/rng.js';

/** What a partition splits: the training samples, by their position in the train split. */
export interface PartitionInput {
  /** Label of each training sample by position: a class id (0..classes−1) or, for regression, the target. */
  readonly labels: ArrayLike<number>;
  /** Number of classes; 0 for regression (label-sorting partitions then sort by target value). */
  readonly classes: number;
  /** Relative shard sizes, one positive weight per worker (all 1 for equal shards). */
  readonly weights: readonly number[];
  /** The partition's own branch of the run's RNG tree. */
  readonly rng: Rng;
}

/** Splits the training positions 0..N−1 into one shard per worker (`weights.length` workers). */
export type Partition = (input: PartitionInput) => Int32Array[];

/**
 * Cuts `order` into consecutive pieces with sizes proportional to `weights`: piece w covers
 * ⌊N·W_w/W⌋ … ⌊N·W_{w+1}/W⌋ − 1, W_w the sum of the first w weights. Equal weights give sizes that differ by at
 * most one (the larger ones last).
 */
export function cutByWeights(order: Int32Array, weights: readonly number[]): Int32Array[] {
  const n = order.length;
  let total = 0;
  for (const w of weights) total += w;
  const shards: Int32Array[] = [];
  let cum = 0;
  for (let w = 0; w < weights.length; w++) {
    const start = Math.floor((cum * n) / total);
    cum += weights[w];
    const end = w === weights.length - 1 ? n : Math.floor((cum * n) / total);
    shards.push(order.slice(start, end));
  }
  return shards;
}

/** `positions` sorted by (label, position): stable, so equal labels keep their order. Returns a new array. */
export function sortByLabel(positions: Int32Array, labels: ArrayLike<number>): Int32Array {
  return positions.slice().sort((a, b) => labels[a] - labels[b] || a - b);
}

/** 0, 1, …, n − 1. */
export function allPositions(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
