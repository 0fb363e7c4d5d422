/** The data split a job reads from. Training shards index into `train`; Zeno++'s validator reads `validation`. */
export type Split = 'train' | 'validation' | 'test';

/**
 * A fully resolved, serializable description of a task: enough for any thread to load the same data and
 * model bit for bit. Produced by the config schema (`taskSpecOf`); never contains functions or buffers. Every task
 * takes the split fields; its own parameters (`hidden` for mnist-mlp, `features`, `samples`, `noise` for linreg, ...)
 * are those of its entry's `params` schema (src/tasks/task-entry.ts).
 */
export interface TaskSpec {
  /** The name the task is registered under. */
  readonly name: string;
  /** Size of the server's validation set, taken out of the training data. */
  readonly validationSize: number;
  /** Size of the held-out test set. */
  readonly testSize: number;
  /** Seed of the data split (and of synthetic data, such as linreg's). */
  readonly dataSeed: number;
  /** The task's own parameters, resolved by its entry's schema. */
  readonly [param: string]: unknown;
}

/** What the simulation needs to know about a task without loading a model. */
export interface TaskInfo {
  /** Number of model parameters (length of every flat parameter and gradient vector). */
  readonly dim: number;
  readonly trainSize: number;
  readonly validationSize: number;
  readonly testSize: number;
  /** Number of classes (labels are 0..classes-1); 0 for regression. */
  readonly classes: number;
}

/** Result of evaluating a model on a whole split. */
export interface Evaluation {
  /** Mean loss (cross-entropy, or mean squared error for regression). */
  readonly loss: number;
  /** Top-1 accuracy in [0, 1]; NaN for regression. */
  readonly accuracy: number;
}

/** A task loaded in one thread: data in memory and a model that computes gradients on a flat parameter vector. */
export interface ComputeTask {
  readonly info: TaskInfo;
  /**
   * Writes the mean-loss gradient at `params` over the samples `indices` of `split` into `out`
   * (length `info.dim`) and returns the mean loss. With `flipLabels`, label y is replaced by C − 1 − y
   * (label-flipping attack). Never modifies `params`.
   */
  gradient(params: Float32Array, split: 'train' | 'validation', indices: Int32Array, flipLabels: boolean, out: Float32Array): number;
  /** Mean loss at `params` over the samples `indices` of `split` (forward pass only). */
  loss(params: Float32Array, split: 'train' | 'validation', indices: Int32Array): number;
  /** Loss and accuracy of `params` on a whole split. */
  evaluate(params: Float32Array, split: Split): Evaluation;
}
