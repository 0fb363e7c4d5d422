import { ConfigError } from '../core/errors.js';
import { taskInfo } from '../tasks/info.js';
import { createInlineCompute } from './inline.js';
import type { Compute, ComputeOptions } from './jobs.js';
import { BACKEND_PREFERENCES, resolveBackend } from './load-task.js';
import { PoolCompute } from './pool.js';

/**
 * Builds where jobs run: inline on the calling thread (`threads: 0`) or a pool of worker threads. Both give
 * bit-identical results for the same backend. For a pool, the main thread resolves the backend preference
 * once and every thread must load exactly that backend, so one run never mixes numeric backends.
 */
export async function createCompute(options: ComputeOptions): Promise<Compute> {
  if (!Number.isSafeInteger(options.threads) || options.threads < 0) {
    throw ConfigError.at('compute.threads', `expected an integer ≥ 0 (0 = inline), got ${JSON.stringify(options.threads)}`);
  }
  if (!(BACKEND_PREFERENCES as readonly string[]).includes(options.backend)) {
    throw ConfigError.at('compute.backend', `expected ${BACKEND_PREFERENCES.map((b) => `'${b}'`).join(' | ')}, got ${JSON.stringify(options.backend)}`);
  }
  taskInfo(options.task); // validate the spec here, not in every thread
  if (options.threads === 0) return createInlineCompute(options);
  // 'auto' is resolved here; an explicit name is verified by each thread when it loads.
  return new PoolCompute(options, resolveBackend(options.backend));
}
