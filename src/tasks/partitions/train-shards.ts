import { ConfigError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { loadDataset } from '../load-dataset.js';
import { tasks } from '../registry.js';
import type { TaskSpec } from '../task.js';
import type { TaskTable } from '../task-entry.js';
import { createPartition, partitions, type PartitionEntry } from './registry.js';
import { shardWeights, type ShardWeightsSpec } from './shard-weights.js';

/** How the training data is spread over the workers (config field `data`). */
export interface DataSpec {
  readonly partition: { readonly name: string } & Readonly<Record<string, unknown>>;
  readonly sizes: ShardWeightsSpec;
}

/** Each worker's shard (positions in the train split) and, when labels were read, its class counts. */
export interface TrainShards {
  readonly shards: Int32Array[];
  /** labelCounts[w][c]: samples of class c held by worker w (classification partitions that read labels). */
  readonly labelCounts?: number[][];
}

/**
 * Splits the training set of `spec` over `workers` workers as `data` says, with randomness from `rng` (the run's
 * `shards` branch; IID with equal sizes gives the same shards as before partitions existed). Byzantine workers
 * get shards like everyone else. `table` is where the task is looked up (a label-reading partition loads its data). Throws a ConfigError naming the field when the split cannot be made.
 */
export function trainShards(spec: TaskSpec, trainSize: number, data: DataSpec, workers: number, rng: Rng, table: TaskTable = tasks): TrainShards {
  const { name, ...params } = data.partition;
  const entry = (partitions as Record<string, PartitionEntry | undefined>)[name];
  const partition = createPartition(name, params);
  const weights = shardWeights(data.sizes, workers, rng.fork('sizes'));
  let labels: ArrayLike<number> = { length: trainSize };
  let classes = 0;
  if (entry?.needsLabels) {
    const ds = loadDataset(spec, table);
    const train = ds.splits.train;
    const y = ds.classes > 0 ? new Uint8Array(train.length) : new Float32Array(train.length);
    for (let i = 0; i < train.length; i++) y[i] = ds.y[train[i]];
    labels = y;
    classes = ds.classes;
  }
  let shards: Int32Array[];
  try {
    shards = partition({ labels, classes, weights, rng });
  } catch (e) {
    if (e instanceof RangeError) throw ConfigError.at('data.partition', e.message);
    throw e;
  }
  const empty = shards.findIndex((s) => s.length === 0);
  if (empty >= 0) {
    throw ConfigError.at('data.sizes', `worker ${empty} gets no training sample (${trainSize} samples over ${workers} workers); use more even sizes or fewer workers`);
  }
  if (classes === 0 || !entry?.needsLabels) return { shards };
  const labelCounts = shards.map((s) => {
    const counts = new Array<number>(classes).fill(0);
    for (let i = 0; i < s.length; i++) counts[labels[s[i]]]++;
    return counts;
  });
  return { shards, labelCounts };
}
