import ndarray, { type NdArray } from 'ndarray';
import { paramCount, paramLayout } from './layout.js';
import type { ParamBlock } from './param-block.js';
import { tasks } from './registry.js';
import type { TaskSpec } from './task.js';
import type { TaskTable } from './task-entry.js';

/** A shaped view of one tensor inside a flat parameter (or gradient) vector. */
export type ParamView = NdArray<Float32Array>;

/**
 * A shaped, zero-copy view of `block` inside `flat`: `view.get(i, j)` reads, and `view.set(i, j, v)` writes,
 * `flat[block.offset + i·stride₀ + j]` (row-major, the layout of {@link paramLayout}). For users' custom
 * attacks, filters and tasks that think in layers ("the first layer's weights as a 784 × 128 matrix"); the
 * simulation's own loops work on the flat vector.
 */
export function paramView(flat: Float32Array, block: ParamBlock): ParamView {
  if (block.offset < 0 || block.offset + block.size > flat.length) {
    throw new RangeError(`paramView: block ${block.name} (offset ${block.offset}, size ${block.size}) lies outside a vector of length ${flat.length}`);
  }
  return ndarray(flat, [...block.shape], undefined, block.offset);
}

/**
 * Every tensor of `task`'s model as a shaped, zero-copy view of `flat` (a parameter vector such as
 * `RunResult.finalParams`, or a gradient), by block name (a task registered on a `Registries` instance: pass its `tasks`): `W0`, `b0`, `W1`, ... Writing through a view writes
 * `flat`. Throws a RangeError when `flat` does not have the task's parameter count.
 */
export function paramViews(flat: Float32Array, task: TaskSpec, table: TaskTable = tasks): Record<string, ParamView> {
  const dim = paramCount(task, table);
  if (flat.length !== dim) throw new RangeError(`paramViews: task ${task.name} has ${dim} parameters, got a vector of length ${flat.length}`);
  return Object.fromEntries(paramLayout(task, table).map((b) => [b.name, paramView(flat, b)]));
}
