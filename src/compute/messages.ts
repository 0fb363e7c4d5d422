import type { TaskSpec } from '../tasks/task.js';
import type { BackendName, EvaluateResult, GradientResult, Job } from './jobs.js';

/** What a pool thread needs to load its task: passed as workerData (warm-up) and with every job. */
export interface ThreadTask {
  readonly task: TaskSpec;
  /** The backend the main thread resolved; the thread loads exactly this one or fails. */
  readonly backend: BackendName;
  /** A task registered from user code: the URL of the module whose default export is its entry. Absent: built-in. */
  readonly module?: string;
}

/** One job posted to a pool thread. Its Float32Arrays are SharedArrayBuffer views (no copy). */
export interface ThreadRequest extends ThreadTask {
  readonly job: Job;
}

/**
 * A thread's answer. Job failures come back as values, so a rejected `pool.run()` always means the thread
 * itself failed (died, was terminated) and the job may be re-run.
 */
export type ThreadReply =
  | { readonly ok: true; readonly result: GradientResult | EvaluateResult }
  | { readonly ok: false; readonly name: string; readonly message: string; readonly stack?: string };
