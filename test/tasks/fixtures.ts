import { createHash } from 'node:crypto';
import type { TaskSpec } from '../../src/tasks/task.js';

/** A TaskSpec carrying every built-in task's parameters (each task reads its own). */
export type AnyTaskSpec = TaskSpec & { readonly hidden: readonly number[]; readonly features: number; readonly samples: number; readonly noise: number };

/** A TaskSpec with test-friendly defaults; override what a test cares about. */
export function spec(overrides: Partial<AnyTaskSpec> & Pick<TaskSpec, 'name'>): AnyTaskSpec {
  return { hidden: [128], validationSize: 500, testSize: 1000, dataSeed: 1, features: 10, samples: 4000, noise: 0.1, ...overrides };
}

/** sha256 (hex) of the bytes of typed arrays, in order. */
export function hashOf(...arrays: ArrayBufferView[]): string {
  const h = createHash('sha256');
  for (const a of arrays) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}

/** Indices 0, step, 2·step, ... (n of them). */
export function strided(n: number, step: number, start = 0): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => start + i * step);
}
