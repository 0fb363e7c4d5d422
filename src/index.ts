/** byzsim's public API. */
export { simulate, type SimulateOptions, type RunResult } from './experiments/simulate.js';
export { runStudy, writeStudyTable, type StudyOptions } from './experiments/study.js';
export { defaultStudy } from './experiments/default-study.js';
export type { RunSummary } from './experiments/summary.js';
export { resolveConfig } from './config/resolve.js';
export type { RunConfig, RunConfigInput } from './config/schema.js';
export { ConfigError, SimulationError, type ConfigIssue } from './core/errors.js';
export { Rng, RandomStream } from './core/rng.js';
export { createFilter, filters, type FilterName } from './policies/filters/registry.js';
export type { AsyncFilter, ArrivalContext, Decision, RejectReason } from './policies/filters/filter.js';
export { createAttack, attacks, type AttackName } from './attacks/registry.js';
export type { Attack } from './attacks/attack.js';
export { tasks } from './tasks/registry.js';
export { createCompute } from './compute/create.js';
export type { Compute, Job, BackendName } from './compute/jobs.js';
export { Simulator } from './scheduler/simulator.js';
export { catalogue } from './experiments/catalogue.js';
