/**
 * Pool thread entry (piscina worker). Loads the task once per thread on the backend the main thread chose (the
 * engine, or tfjs with that backend), then runs jobs. Depends only on the message types, the executor and the loaders.
 */
import { workerData } from 'node:worker_threads';
import { canonicalJson } from '../core/hash.js';
import type { ComputeTask, TaskSpec } from '../tasks/task.js';
import { loadTf } from './backend.js';
import { executeJob } from './execute.js';
import type { BackendName } from './jobs.js';
import { loadTask as loadOn } from './load-task.js';
import type { ThreadReply, ThreadRequest, ThreadTask } from './messages.js';

const loaded = new Map<string, Promise<ComputeTask>>();

/** A canonical key of (backend, spec): property order must not matter, at any depth. */
function keyOf(task: TaskSpec, backend: BackendName): string {
  return `${backend}:${canonicalJson(task)}`;
}

async function loadTask(task: TaskSpec, backend: BackendName): Promise<ComputeTask> {
  const { task: loaded, backend: got } = await loadOn(task, backend);
  if (got !== backend) throw new Error(`pool thread loaded backend '${got}', but the run uses '${backend}'`);
  return loaded;
}

/** Loads once per (spec, backend); a failure stays cached so every job reports it instead of retrying forever. */
function getTask(t: ThreadTask): Promise<ComputeTask> {
  const key = keyOf(t.task, t.backend);
  let p = loaded.get(key);
  if (!p) {
    p = loadTask(t.task, t.backend);
    p.catch(() => {}); // reported when a job awaits it
    loaded.set(key, p);
  }
  return p;
}

// Warm up while the pool starts, so the first jobs do not pay for tfjs and data loading.
const init = workerData as ThreadTask | undefined;
if (init?.task && init.backend) void getTask(init);

/** Runs one job; failures are returned (not thrown) so the main thread can tell them from thread death. */
export default async function run(req: ThreadRequest): Promise<ThreadReply> {
  try {
    const task = await getTask(req);
    // Another task of this thread may have switched tfjs's global backend since; switch back.
    if (req.backend !== 'engine') await loadTf(req.backend);
    return { ok: true, result: executeJob(task, req.job) };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    return { ok: false, name: err.name, message: err.message, stack: err.stack };
  }
}
