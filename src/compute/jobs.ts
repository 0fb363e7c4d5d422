import type { TaskSpec } from '../tasks/task.js';
import type { TaskTable } from '../tasks/task-entry.js';

/**
 * A pure compute job: its result depends only on its fields (and the run's one numeric backend), never on
 * which thread runs it or when (docs/design.md, determinism contract 3). Float32Arrays here are views on
 * SharedArrayBuffers, so posting a job to a thread shares memory instead of copying it.
 */
export type Job = GradientJob | LocalTrainingJob | EvaluateJob | LossJob;

/** Gradient of the mean loss over `indices` of `split` at `params`, written into `out`. */
export interface GradientJob {
  readonly kind: 'gradient';
  readonly params: Float32Array;
  readonly split: 'train' | 'validation';
  readonly indices: Int32Array;
  readonly flipLabels: boolean;
  /** A preallocated, SharedArrayBuffer-backed slot of length `dim` that receives the gradient. */
  readonly out: Float32Array;
}

/**
 * Local training (federated workers): `steps` SGD steps at rate `lr` from `params`, step k on the samples
 * `indices[k·batchSize, (k+1)·batchSize)` of the training split; writes the update u = (params − x_local)/lr (the sum
 * of the local gradients, each taken on the local model of its step) into `out`. Returns the mean of the step losses.
 */
export interface LocalTrainingJob {
  readonly kind: 'local';
  readonly params: Float32Array;
  readonly split: 'train';
  readonly indices: Int32Array;
  readonly batchSize: number;
  readonly steps: number;
  readonly lr: number;
  readonly flipLabels: boolean;
  /** A preallocated, SharedArrayBuffer-backed slot of length `dim` that receives the update. */
  readonly out: Float32Array;
}

/** Loss and accuracy of `params` on the test (or validation) split. */
export interface EvaluateJob {
  readonly kind: 'evaluate';
  readonly params: Float32Array;
  readonly split: 'test' | 'validation';
}

/** Mean loss of `params` over `indices` of `split`: a forward pass only (Zeno's trial steps). */
export interface LossJob {
  readonly kind: 'loss';
  readonly params: Float32Array;
  readonly split: 'train' | 'validation';
  readonly indices: Int32Array;
}

export interface GradientResult { readonly loss: number }
export interface EvaluateResult { readonly loss: number; readonly accuracy: number }
export type JobResult<J extends Job> = J extends EvaluateJob ? EvaluateResult : GradientResult;

/**
 * Which numeric backend computes: the engine (byzsim's own WebAssembly SIMD kernels, assembly/models/; the default
 * for the built-in tasks), a task's own plain JavaScript ('js'), or tfjs: tfjs-node's native TensorFlow, tfjs wasm,
 * or tfjs pure-JS cpu.
 */
export type BackendName = 'engine' | 'js' | 'tensorflow' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;
/** The tfjs backends. */
export type TfBackendName = Exclude<BackendName, 'engine' | 'js'>;

/**
 * Where jobs run. The pool and the inline executor implement the same interface and give bit-identical
 * results; a remote transport could implement it too.
 */
export interface Compute {
  /** The backend every job of this compute uses (the same in every thread). */
  readonly backend: BackendName;
  run<J extends Job>(job: J): Promise<JobResult<J>>;
  close(): Promise<void>;
}

/** How to build a Compute. */
export interface ComputeOptions {
  readonly task: TaskSpec;
  /** Where the task's name is looked up (a `Registries` instance's `tasks`). @default the built-in tasks */
  readonly tasks?: TaskTable;
  readonly backend: BackendPreference;
  /** 0 = inline on the calling thread (no pool); otherwise the number of pool threads. */
  readonly threads: number;
}
