import { loadComputeTask } from '../tasks/compute-task.js';
import { loadEngineTask } from '../tasks/engine/engine-task.js';
import type { ComputeTask, TaskSpec } from '../tasks/task.js';
import { loadTf } from './backend.js';
import type { BackendName, BackendPreference } from './jobs.js';

/** The backend names a config may give, 'auto' first. */
export const BACKEND_PREFERENCES = ['auto', 'engine', 'tensorflow', 'wasm', 'cpu'] as const;

/**
 * Which backend a preference means. The built-in tasks all have engine kernels, so 'auto' is the engine (no tfjs is
 * loaded at all); the tfjs backends ('tensorflow', 'wasm', 'cpu') stay available by name, as the cross-check.
 */
export function resolveBackend(preference: BackendPreference): BackendName {
  if (!(BACKEND_PREFERENCES as readonly string[]).includes(preference)) {
    throw new TypeError(`unknown backend '${String(preference)}' (expected ${BACKEND_PREFERENCES.join(', ')})`);
  }
  return preference === 'auto' ? 'engine' : preference;
}

/**
 * Loads a task in the calling thread on a backend: the engine's kernels, or tfjs with exactly the named tfjs backend.
 * Returns the backend actually used.
 */
export async function loadTask(spec: TaskSpec, preference: BackendPreference): Promise<{ task: ComputeTask; backend: BackendName }> {
  const wanted = resolveBackend(preference);
  if (wanted === 'engine') return { task: loadEngineTask(spec), backend: 'engine' };
  const { tf, backend } = await loadTf(wanted);
  return { task: loadComputeTask(spec, tf), backend };
}
