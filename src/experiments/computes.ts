import { availableParallelism } from 'node:os';
import { createCompute } from '../compute/create.js';
import type { Compute } from '../compute/jobs.js';
import { taskSpecOf } from '../config/resolve.js';
import type { RunConfig } from '../config/schema.js';
import type { TaskTable } from '../tasks/task-entry.js';

/**
 * Computes shared by many runs, one per distinct (task, backend) — a compute is bound to the task its threads
 * loaded — created on first use. `tasks` is where task names are looked up (a `Registries` instance's).
 */
export function sharedComputes(threads = availableParallelism(), tasks?: TaskTable) {
  const computes = new Map<string, Promise<Compute>>();
  return {
    /** The compute for a run's task and backend. */
    for(config: RunConfig): Promise<Compute> {
      const key = JSON.stringify([taskSpecOf(config), config.backend]);
      if (!computes.has(key)) computes.set(key, createCompute({ task: taskSpecOf(config), backend: config.backend, threads, ...(tasks ? { tasks } : {}) }));
      return computes.get(key)!;
    },
    /** Closes them all; one that failed to start was already reported by the runs that needed it. */
    async close(): Promise<void> {
      await Promise.all([...computes.values()].map((c) => c.then((compute) => compute.close(), () => {})));
    },
  };
}
