import type { z } from 'zod';
import type { Rng } from '../core/rng.js';
import type { Dataset } from './dataset.js';
import type { ParamBlock } from './param-block.js';
import type { ComputeTask, TaskSpec } from './task.js';

/** A task's spec as its own functions see it: the split fields plus its parameters, resolved by its schema. */
export type TaskSpecOf<S extends z.ZodObject> = TaskSpec & z.output<S>;

/**
 * How a task computes gradients, losses and evaluations, per backend; a task gives at least one. The config's
 * `backend: 'auto'` takes the first it has of engine, js, tfjs ('wasm').
 */
export interface TaskComputes<S extends z.ZodObject = z.ZodObject> {
  /** On byzsim's WebAssembly engine (the built-in tasks: their kernels are assembly/models/). Backend 'engine'. */
  engine?(spec: TaskSpecOf<S>): ComputeTask;
  /** In plain JavaScript, no engine and no tfjs (a user's small task). Backend 'js'. */
  js?(spec: TaskSpecOf<S>): ComputeTask;
  /**
   * In tfjs, on the backend active in the calling thread (tensorflow, wasm or cpu, as the config names it). `tf` is
   * the tfjs namespace: annotate it `tf: Tf` (type from `byzsim/tfjs`; typed `unknown` here so that the main entry
   * never typechecks tfjs's types) and build the compute with `tfjsTask`.
   */
  tfjs?(spec: TaskSpecOf<S>, tf: unknown): ComputeTask;
}

/**
 * A task: one file exporting one of these, one line in a registry (`tasks` in src/tasks/registry.ts, or
 * `registries.registerTask(name, entry)`). Everything the simulation asks of a task goes through it: the
 * config schema and `byzsim list` (params, summary), sizes before any data is read (size, classes, layout),
 * the initial model, the data (label-reading partitions), and the compute in every thread.
 */
export interface TaskEntry<S extends z.ZodObject = z.ZodObject> {
  /**
   * The task's own parameters, a strict schema with defaults. Every task also takes `validationSize`, `testSize`
   * and `dataSeed` (src/tasks/task-params.ts, defaults 500, 2000 and the run seed); declare one here only to give
   * it another default, e.g. `testSize: z.int().positive().default(100)` for a small dataset.
   */
  readonly params: S;
  /** One line for `byzsim list`. */
  readonly summary: string;
  /** Examples in the dataset before it is split (no data read). */
  size(spec: TaskSpecOf<S>): number;
  /** Number of classes (labels 0..classes−1), or 0 for regression (no data read). */
  classes(spec: TaskSpecOf<S>): number;
  /** Where each tensor lives in the flat parameter vector (no data read); the dimension is the sum of the sizes. */
  layout(spec: TaskSpecOf<S>): ParamBlock[];
  /**
   * Writes the initial model into `out` (zero-filled, the layout's length), drawing only from `rng`.
   * @default Glorot uniform for every block of two or more dimensions, zero biases (src/tasks/glorot.ts)
   */
  init?(spec: TaskSpecOf<S>, rng: Rng, out: Float32Array): void;
  /** The dataset, split with `splitRows` (seeded by `dataSeed`); cached per thread by the task if it is costly. */
  dataset(spec: TaskSpecOf<S>): Dataset;
  /** The compute, per backend. */
  readonly compute: TaskComputes<S>;
  /**
   * For a task registered from user code: the URL of a module whose default export is this entry (write
   * `module: import.meta.url` in the task's file), so that pool threads, which do not share the registry, can
   * import it. Without it the task runs inline only (`threads: 0`). The built-in tasks need none.
   */
  readonly module?: string;
}

/** A table of tasks by name: the built-in {@link tasks} (src/tasks/registry.ts), or a `Registries` instance's. */
export type TaskTable = Readonly<Record<string, TaskEntry>>;

/** Types a task entry (the identity: `export default defineTask({ ... })` infers the spec its functions get). */
export function defineTask<S extends z.ZodObject>(entry: TaskEntry<S>): TaskEntry<S> {
  return entry;
}
