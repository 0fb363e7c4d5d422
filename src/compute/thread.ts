/**
 * Pool thread entry (piscina worker). Loads the task once per thread on the backend the main thread chose (the
 * engine, its JavaScript, or tfjs with that backend), then runs jobs. A built-in task comes from the built-in table;
 * a user's task from the module the main thread named (its default export is the entry: threads do not share the
 * main thread's registry). Depends only on the message types, the executor and the loaders.
 */
import { workerData } from 'node:worker_threads';
import { canonicalJson } from '../core/hash.js';
import type { ComputeTask } from '../tasks/task.js';
import type { TaskEntry, TaskTable } from '../tasks/task-entry.js';
import { loadTf } from './backend.js';
import { executeJob } from './execute.js';
import { loadTask as loadOn } from './load-task.js';
import type { ThreadReply, ThreadRequest, ThreadTask } from './messages.js';

const loaded = new Map<string, Promise<ComputeTask>>();

/** A canonical key of (backend, module, spec): property order must not matter, at any depth. */
function keyOf(t: ThreadTask): string {
  return `${t.backend}:${t.module ?? ''}:${canonicalJson(t.task)}`;
}

/** A string variable, not a literal: tsc must not resolve tsx, a development tool the package does not depend on. */
const TSX_API = 'tsx/esm/api';

/**
 * Imports a user's task module. A `.ts` module needs tsx, whose ESM hook does not reach pool threads (Node reports
 * ERR_UNKNOWN_FILE_EXTENSION), so such a module is imported through tsx's `tsImport` when tsx is installed.
 */
async function importModule(url: string): Promise<unknown> {
  try {
    return await import(url);
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    let tsx: { tsImport(url: string, parent: string): Promise<unknown> };
    try {
      tsx = (await import(TSX_API)) as typeof tsx;
    } catch {
      throw new Error(`cannot import task module ${url} in a pool thread: install tsx, or compile it to JavaScript`, { cause: e });
    }
    return tsx.tsImport(url, import.meta.url);
  }
}

/** The table holding the task: the built-in one, or the user's module's default export under the task's name. */
async function tableOf(t: ThreadTask): Promise<TaskTable | undefined> {
  if (t.module === undefined) return undefined;
  const entry = ((await importModule(t.module)) as { default?: TaskEntry }).default;
  if (!(entry && typeof entry === 'object' && 'compute' in entry && 'layout' in entry)) {
    throw new TypeError(`task ${t.task.name}: the default export of ${t.module} is not a task entry`);
  }
  return { [t.task.name]: entry };
}

async function loadTask(t: ThreadTask): Promise<ComputeTask> {
  const { task, backend: got } = await loadOn(t.task, t.backend, await tableOf(t));
  if (got !== t.backend) throw new Error(`pool thread loaded backend '${got}', but the run uses '${t.backend}'`);
  return task;
}

/** Loads once per (spec, module, backend); a failure stays cached so every job reports it instead of retrying forever. */
function getTask(t: ThreadTask): Promise<ComputeTask> {
  const key = keyOf(t);
  let p = loaded.get(key);
  if (!p) {
    p = loadTask(t);
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
    if (req.backend !== 'engine' && req.backend !== 'js') await loadTf(req.backend);
    return { ok: true, result: executeJob(task, req.job) };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    return { ok: false, name: err.name, message: err.message, stack: err.stack };
  }
}
