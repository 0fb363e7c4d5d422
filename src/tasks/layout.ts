import type { ParamBlock } from './param-block.js';
import { taskEntry, tasks } from './registry.js';
import type { TaskSpec } from './task.js';
import type { TaskTable } from './task-entry.js';

export { MNIST_CLASSES, MNIST_PIXELS } from './mnist-shape.js';
export type { ParamBlock } from './param-block.js';

/**
 * Where each tensor lives in the flat parameter vector (the task's own layout: for a dense network, each layer's
 * weight matrix W (in × out, row-major) then its bias b (out), see denseLayout; mnist-cnn's in src/tasks/mnist-cnn.ts).
 */
export function paramLayout(spec: TaskSpec, table: TaskTable = tasks): ParamBlock[] {
  return taskEntry(spec, table).layout(spec);
}

/** Length of the flat parameter vector. */
export function paramCount(spec: TaskSpec, table: TaskTable = tasks): number {
  return paramLayout(spec, table).reduce((n, b) => n + b.size, 0);
}
