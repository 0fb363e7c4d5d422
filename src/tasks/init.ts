import type { Rng } from '../core/rng.js';
import { glorotInit } from './glorot.js';
import { paramCount, paramLayout } from './layout.js';
import { taskEntry, tasks } from './registry.js';
import type { TaskSpec } from './task.js';
import type { TaskTable } from './task-entry.js';

/**
 * Initial model in the flat layout, in plain JS (no tfjs), deterministic from `rng`: the task's own `init`, by
 * default Glorot/Xavier uniform weights and zero biases (glorotInit: stream `rng.fork('W', layer).stream(0)` per
 * weight block); linreg starts at all zeros (its loss is convex, so the start only sets the distance to go).
 * Writes into `out` when given (e.g. a SharedArrayBuffer view), else into a new Float32Array.
 */
export function initParams(spec: TaskSpec, rng: Rng, into?: Float32Array, table: TaskTable = tasks): Float32Array {
  const dim = paramCount(spec, table);
  const out = into ?? new Float32Array(dim);
  if (out.length !== dim) throw new RangeError(`initParams: out has length ${out.length}, expected ${dim}`);
  out.fill(0);
  const entry = taskEntry(spec, table);
  if (entry.init) entry.init(spec, rng, out);
  else glorotInit(paramLayout(spec, table), rng, out);
  return out;
}
