import { lookup } from '../core/registry.js';
import { linreg } from './builtin/linreg.js';
import { mnistCnn } from './builtin/mnist-cnn.js';
import { mnistMlp } from './builtin/mnist-mlp.js';
import { mnistSoftmax } from './builtin/mnist-softmax.js';
import type { TaskEntry, TaskTable } from './task-entry.js';

export type { TaskEntry, TaskTable } from './task-entry.js';

/** The built-in tasks, by the name used in configs (`task`). */
export const tasks = {
  'mnist-mlp': mnistMlp,
  'mnist-softmax': mnistSoftmax,
  'mnist-cnn': mnistCnn,
  linreg,
} satisfies Record<string, TaskEntry>;

/** Names of the built-in tasks. */
export type TaskName = keyof typeof tasks;

/** The entry of `spec.name` in `table`, or a ConfigError at `task.name` listing the known tasks. */
export function taskEntry(spec: { readonly name: string }, table: TaskTable = tasks): TaskEntry {
  return lookup<TaskEntry>(table, 'task', spec.name, 'task');
}
