/** The compute module: where jobs run (inline or a piscina pool) and which tfjs backend runs them. */
export type { BackendName, BackendPreference, Compute, ComputeOptions, EvaluateJob, EvaluateResult, GradientJob, GradientResult, Job, JobResult } from './jobs.js';
export { loadTf, type LoadedTf } from './backend.js';
export { createCompute } from './create.js';
export { createInlineCompute } from './inline.js';
export { PoolCompute } from './pool.js';
export { executeJob } from './execute.js';
export { isShared, sharedFloat32 } from './shared.js';
