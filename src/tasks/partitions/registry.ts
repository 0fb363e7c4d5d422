import { z } from 'zod';
import { lookup } from '../../core/registry.js';
import { parseParams } from '../../core/zod-issues.js';
import { dirichlet } from './dirichlet.js';
import { extreme } from './extreme.js';
import { gammaSimilarity } from './gamma-similarity.js';
import { iid } from './iid.js';
import type { Partition } from './partition.js';

/** A catalogue entry for a data partition: strict params, factory, what `byzsim list` shows. */
export interface PartitionEntry<S extends z.ZodObject = z.ZodObject> {
  readonly params: S;
  create(params: z.output<S>): Partition;
  readonly summary: string;
  readonly citation: string;
  /** Reads the training labels (so the coordinator loads the dataset once to partition it). */
  readonly needsLabels: boolean;
  /** Needs class labels (a classification task). */
  readonly needsClasses: boolean;
  /** Honours `data.sizes`; otherwise the partition decides the sizes and `data.sizes` must be `equal`. */
  readonly takesSizes: boolean;
}

const byzfl = 'LPD-EPFL/byzfl, byzfl/fed_framework/data_distributor.py';

/** Every way to split the training data across workers, by config name (`data.partition.name`). */
export const partitions = {
  iid: {
    params: z.strictObject({}),
    create: iid,
    summary: 'A seeded permutation of the training set cut into shards (the default; byte-identical to earlier versions).',
    citation: `${byzfl} (iid_idx)`,
    needsLabels: false,
    needsClasses: false,
    takesSizes: true,
  },
  dirichlet: {
    params: z.strictObject({ alpha: z.number().positive().finite() }),
    create: dirichlet,
    summary: 'Label skew: each class split across workers by proportions ~ Dir(α); small α = few classes per worker; redrawn if a worker gets nothing.',
    citation: `Hsu, Qi, Brown. Measuring the Effects of Non-Identical Data Distribution for Federated Visual Classification. arXiv:1909.06335, 2019; ${byzfl} (dirichlet_niid_idx)`,
    needsLabels: true,
    needsClasses: true,
    takesSizes: false,
  },
  'gamma-similarity': {
    params: z.strictObject({ gamma: z.number().min(0).max(1) }),
    create: gammaSimilarity,
    summary: 'A fraction γ of the data dealt IID, the rest sorted by label and cut into shards; γ = 1 is IID, γ = 0 extreme.',
    citation: `${byzfl} (gamma_niid_idx)`,
    needsLabels: true,
    needsClasses: false,
    takesSizes: true,
  },
  extreme: {
    params: z.strictObject({}),
    create: extreme,
    summary: 'The training set sorted by label (regression: by target) and cut into consecutive shards.',
    citation: `${byzfl} (extreme_niid_idx)`,
    needsLabels: true,
    needsClasses: false,
    takesSizes: true,
  },
} satisfies Record<string, PartitionEntry>;

/** A partition by name; a ConfigError at `${prefix}.name` / `${prefix}.<param>` for a bad name or parameter. */
export function createPartition(name: string, params: unknown = {}, prefix = 'data.partition'): Partition {
  const entry: PartitionEntry = lookup<PartitionEntry>(partitions, 'partition', name, prefix);
  return entry.create(parseParams(entry.params, params, prefix));
}
