import { taskEntry, tasks } from './registry.js';
import type { TaskSpec } from './task.js';
import type { TaskTable } from './task-entry.js';
import { checkTaskSpec } from './task-params.js';

export { MNIST_SIZE } from './mnist-shape.js';

/** Total number of examples a task's dataset holds before splitting. */
export function datasetSize(spec: TaskSpec, table: TaskTable = tasks): number {
  return taskEntry(spec, table).size(spec);
}

/**
 * Checks a TaskSpec before any data is loaded, so a bad config fails at the boundary with every problem
 * named (`task.testSize: ...`), never mid-run: the name against `table`, then the fields with the config schema's
 * own bounds (see checkTaskSpec). Throws ConfigError; returns the spec unchanged otherwise.
 */
export function validateTaskSpec(spec: TaskSpec, table: TaskTable = tasks): TaskSpec {
  return checkTaskSpec(spec, taskEntry(spec, table));
}
