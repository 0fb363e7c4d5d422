import { taskInfo } from '../info.js';
import { taskEntry, tasks } from '../registry.js';
import type { ComputeTask, TaskSpec } from '../task.js';
import type { TaskTable } from '../task-entry.js';

/** Loads a task in the calling thread on the engine (its entry's `compute.engine`: the built-in tasks' kernels). */
export function loadEngineTask(spec: TaskSpec, table: TaskTable = tasks): ComputeTask {
  taskInfo(spec, table); // validates
  const own = taskEntry(spec, table).compute.engine;
  if (!own) throw new TypeError(`task ${spec.name} has no engine kernels`);
  return own(spec);
}
