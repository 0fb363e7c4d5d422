import { ConfigError } from '../core/errors.js';
import { taskInfo } from '../tasks/info.js';
import { taskEntry, tasks } from '../tasks/registry.js';
import type { ComputeTask, TaskSpec } from '../tasks/task.js';
import type { TaskEntry, TaskTable } from '../tasks/task-entry.js';
import { loadTf } from './backend.js';
import type { BackendName, BackendPreference } from './jobs.js';

/** The backend names a config may give, 'auto' first. */
export const BACKEND_PREFERENCES = ['auto', 'engine', 'js', 'tensorflow', 'wasm', 'cpu'] as const;

/** The backends a task's entry can compute on. */
function backendsOf(entry: TaskEntry): BackendName[] {
  const { engine, js, tfjs } = entry.compute;
  return [...(engine ? ['engine' as const] : []), ...(js ? ['js' as const] : []), ...(tfjs ? (['tensorflow', 'wasm', 'cpu'] as const) : [])];
}

/**
 * Which backend a preference means for a task. 'auto' is the first the
 * task has of the engine (the built-in tasks: no tfjs is loaded at all), its plain JavaScript, and tfjs wasm; the
 * others stay available by name (the built-in tasks' tfjs compute is the engine's cross-check). A backend the task
 * cannot compute on is a ConfigError at `backend`.
 */
export function resolveBackend(preference: BackendPreference, entry: TaskEntry): BackendName {
  if (!(BACKEND_PREFERENCES as readonly string[]).includes(preference)) {
    throw new TypeError(`unknown backend '${String(preference)}' (expected ${BACKEND_PREFERENCES.join(', ')})`);
  }
  const available = backendsOf(entry);
  if (available.length === 0) throw ConfigError.at('task', 'the task gives no compute (compute.engine, compute.js or compute.tfjs)');
  const auto = entry.compute.engine ? 'engine' : entry.compute.js ? 'js' : 'wasm';
  const wanted = preference === 'auto' ? auto : preference;
  if (!available.includes(wanted)) throw ConfigError.at('backend', `the task computes on ${available.join(', ')}, not on '${wanted}'`);
  return wanted;
}

/**
 * Loads a task in the calling thread on a backend: its engine kernels, its plain JavaScript, or its tfjs compute with
 * exactly the named tfjs backend. Validates the spec first. Returns the backend actually used.
 */
export async function loadTask(spec: TaskSpec, preference: BackendPreference, table: TaskTable = tasks): Promise<{ task: ComputeTask; backend: BackendName }> {
  taskInfo(spec, table); // validates
  const entry = taskEntry(spec, table);
  const wanted = resolveBackend(preference, entry);
  if (wanted === 'engine') return { task: entry.compute.engine!(spec), backend: 'engine' };
  if (wanted === 'js') return { task: entry.compute.js!(spec), backend: 'js' };
  const { tf, backend } = await loadTf(wanted);
  return { task: entry.compute.tfjs!(spec, tf), backend };
}
