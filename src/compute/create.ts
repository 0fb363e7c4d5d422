import { ConfigError } from '../core/errors.js';
import { taskInfo } from '../tasks/info.js';
import { taskEntry, tasks } from '../tasks/registry.js';
import { createInlineCompute } from './inline.js';
import type { Compute, ComputeOptions } from './jobs.js';
import { BACKEND_PREFERENCES, resolveBackend } from './load-task.js';
import { PoolCompute } from './pool.js';

/**
 * Builds where jobs run: inline on the calling thread (`threads: 0`) or a pool of worker threads. Both give
 * bit-identical results for the same backend. For a pool, the main thread resolves the backend preference
 * once and every thread must load exactly that backend, so one run never mixes numeric backends. A task
 * registered from user code runs on a pool only if its entry names its `module` (pool threads import it there).
 */
export async function createCompute(options: ComputeOptions): Promise<Compute> {
  if (!Number.isSafeInteger(options.threads) || options.threads < 0) {
    throw ConfigError.at('compute.threads', `expected an integer ≥ 0 (0 = inline), got ${JSON.stringify(options.threads)}`);
  }
  if (!(BACKEND_PREFERENCES as readonly string[]).includes(options.backend)) {
    throw ConfigError.at('compute.backend', `expected ${BACKEND_PREFERENCES.map((b) => `'${b}'`).join(' | ')}, got ${JSON.stringify(options.backend)}`);
  }
  const table = options.tasks ?? tasks;
  taskInfo(options.task, table); // validate the spec here, not in every thread
  const entry = taskEntry(options.task, table);
  // 'auto' is resolved here; an explicit name is verified by each thread when it loads.
  const backend = resolveBackend(options.backend, entry);
  if (options.threads === 0) return createInlineCompute(options);
  const builtin = Object.hasOwn(tasks, options.task.name) && tasks[options.task.name as keyof typeof tasks] === entry;
  if (!builtin && entry.module === undefined) {
    throw ConfigError.at(
      'compute.threads',
      `task ${JSON.stringify(options.task.name)} has no module, so pool threads cannot load it: set module: import.meta.url in its entry (the default export of its file), or run inline (threads: 0)`,
    );
  }
  return new PoolCompute(options, backend, builtin ? undefined : entry.module);
}
