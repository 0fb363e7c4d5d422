import { paramCount } from './layout.js';
import { taskEntry, tasks } from './registry.js';
import type { TaskInfo, TaskSpec } from './task.js';
import type { TaskTable } from './task-entry.js';
import { validateTaskSpec } from './validate.js';

/**
 * Dimensions and split sizes of a task, computed from the spec alone (no data is read, no tfjs needed), so
 * the coordinator can size buffers before any thread loads anything. Validates the spec. `table` is where the
 * task's name is looked up (the built-in tasks, or a `Registries` instance's `tasks`).
 */
export function taskInfo(spec: TaskSpec, table: TaskTable = tasks): TaskInfo {
  validateTaskSpec(spec, table);
  const entry = taskEntry(spec, table);
  return {
    dim: paramCount(spec, table),
    trainSize: entry.size(spec) - spec.testSize - spec.validationSize,
    validationSize: spec.validationSize,
    testSize: spec.testSize,
    classes: entry.classes(spec),
  };
}
