import { Rng } from '../core/rng.js';
import type { Split } from './task.js';

/**
 * A whole dataset in one thread's memory plus its split. Rows are never copied per split: each split is a
 * list of row numbers into `x`/`y`, so one copy of the data serves every (dataSeed, sizes) combination.
 */
export interface Dataset {
  /** Examples, row-major: `rows × features`. */
  readonly x: Float32Array;
  /** Class labels (Uint8Array, 0..classes-1) or regression targets (Float32Array). */
  readonly y: Uint8Array | Float32Array;
  readonly rows: number;
  readonly features: number;
  /** Number of classes; 0 for regression. */
  readonly classes: number;
  /** Row numbers of each split; a job's index `i` into split `s` reads row `splits[s][i]`. */
  readonly splits: Readonly<Record<Split, Int32Array>>;
}

/** Sizes of the held-out splits; the train split gets the remaining rows. */
export interface SplitSizes {
  readonly testSize: number;
  readonly validationSize: number;
}

/**
 * Splits rows 0..rows-1 with a seeded permutation (RNG fork `'data', 'split'` of `dataSeed`): the first
 * `testSize` permuted rows are the test split, the next `validationSize` the validation split, the rest train.
 * The split depends only on (dataSeed, rows, sizes), never on which thread computes it.
 */
export function splitRows(rows: number, sizes: SplitSizes, dataSeed: number): Record<Split, Int32Array> {
  if (sizes.testSize + sizes.validationSize >= rows) {
    throw new RangeError(`testSize + validationSize (${sizes.testSize} + ${sizes.validationSize}) must be < rows (${rows})`);
  }
  const perm = new Int32Array(rows);
  for (let i = 0; i < rows; i++) perm[i] = i;
  Rng.root(dataSeed).fork('data', 'split').stream(0).shuffle(perm);
  const v0 = sizes.testSize;
  const t0 = v0 + sizes.validationSize;
  // Copies (not subarrays) so each split owns a compact buffer independent of the others.
  return { test: perm.slice(0, v0), validation: perm.slice(v0, t0), train: perm.slice(t0) };
}
