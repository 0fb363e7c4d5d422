import type { Dataset } from './dataset.js';
import { taskEntry, tasks } from './registry.js';
import type { TaskSpec } from './task.js';
import type { TaskTable } from './task-entry.js';

/** The (cached, split) dataset a task trains and evaluates on. */
export function loadDataset(spec: TaskSpec, table: TaskTable = tasks): Dataset {
  return taskEntry(spec, table).dataset(spec);
}
