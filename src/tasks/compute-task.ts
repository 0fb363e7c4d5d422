import { taskInfo } from './info.js';
import { paramLayout } from './layout.js';
import { loadDataset } from './load-dataset.js';
import { taskEntry, tasks } from './registry.js';
import type { ComputeTask, TaskSpec } from './task.js';
import type { TaskTable } from './task-entry.js';
import { taskParts } from './task-parts.js';
import { tfjsTask, type TfForward } from './tfjs-task.js';
import type { Tf } from './tf.js';

export type { TfForward } from './tfjs-task.js';

/**
 * Loads a task's data and model in the calling thread, bound to tfjs's currently active backend: the task's own
 * tfjs compute (its entry's `compute.tfjs`), unless `model` is given: a tfjs forward function over the task's
 * parameter layout and data, which is how a model the engine does not have runs in byzsim (docs/design.md, 'A
 * task defined by a tfjs model'; see tfjsTask for the losses). `table` is where the task's name is looked up.
 */
export function loadComputeTask(spec: TaskSpec, tf: Tf, model?: TfForward, table: TaskTable = tasks): ComputeTask {
  taskInfo(spec, table); // validates
  if (model) return tfjsTask(taskParts(loadDataset(spec, table), paramLayout(spec, table)), tf, model);
  const own = taskEntry(spec, table).compute.tfjs;
  if (!own) throw new TypeError(`task ${spec.name} has no tfjs compute; pass a model (a TfForward) to run it in tfjs`);
  return own(spec, tf);
}
