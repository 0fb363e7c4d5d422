/** The data split a job reads from. Training shards index into `train`; Zeno++'s validator reads `validation`. */
export type Split = 'train' | 'validation' | 'test';

/** Names of the built-in tasks. */
export type TaskName = 'mnist-mlp' | 'mnist-softmax' | 'mnist-cnn' | 'linreg';

/**
 * A fully resolved, serializable description of a task: enough for any thread to load the same data and
 * model bit for bit. Produced by the config schema; never contains functions or buffers.
 */
export interface TaskSpec {
  readonly name: TaskName;
  /** Hidden layer widths of the MLP (ignored by other tasks). @default [128] */
  readonly hidden: readonly number[];
  /** Size of the server's validation set, taken out of the training data. */
  readonly validationSize: number;
  /** Size of the held-out test set. */
  readonly testSize: number;
  /** Seed of the data split (and of the synthetic data for `linreg`). */
  readonly dataSeed: number;
  /** linreg only: number of features. @default 10 */
  readonly features: number;
  /** linreg only: total number of samples generated. @default 4000 */
  readonly samples: number;
  /** linreg only: standard deviation of the label noise. @default 0.1 */
  readonly noise: number;
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
