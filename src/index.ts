/**
 * byzsim's public API, in sections. Everything a function here returns has its type exported too.
 * The `byzsim` CLI is built on exactly these exports.
 */

// ── Run: one config → one simulated training run ─────────────────────────────────────────────────────────────
export { simulate, type SimulateOptions } from './experiments/simulate.js';
export type { RunResult } from './experiments/run-result.js';
export type { RunSummary, DataSummary } from './experiments/summary.js';
export type { ArrivalRecord } from './actors/arrival.js';
export type { EvaluationPoint } from './actors/run-actors.js';
export { resolveConfig, taskSpecOf } from './config/resolve.js';
export type { RunConfig, RunConfigInput } from './config/schema.js';

// ── Studies, sweeps and reports ──────────────────────────────────────────────────────────────────────────────
export { runStudy, writeStudyTable, type StudyOptions } from './experiments/study.js';
export { defaultStudy } from './experiments/default-study.js';
export { runSweep, planSweep, cellFolder, type SweepOptions, type SweepOutcome, type SweepCell, type SweepPlan } from './experiments/sweep.js';
export { parseSweepSpec, type SweepSpec, type ParsedSweepSpec } from './experiments/sweep-spec.js';
export { expandGrid, describeCell } from './experiments/grid.js';
export { writeReport, type ReportOutcome } from './experiments/report.js';
export { replay, replayConfig } from './experiments/replay.js';
export { catalogue } from './experiments/catalogue.js';

// ── Registries: the catalogue of names configs may use ───────────────────────────────────────────────────────
export { Registries, defaultRegistries, registerFilter, registerAggregator, registerAttack, registerTiming, registerTask } from './config/registries.js';
export type { RegistryTables } from './config/schema.js';

// ── Rules: asynchronous filters, synchronous aggregators, pre-aggregators ────────────────────────────────────
export { createFilter, filters, type FilterEntry, type FilterName, type FilterSetup } from './policies/filters/registry.js';
export { defineFilter, accept, reject, type AsyncFilter, type FilterRule, type ArrivalContext, type Decision, type RejectReason } from './policies/filters/filter.js';
export { createAggregator, aggregators, type AggregatorEntry, type AggregatorName } from './policies/aggregators/registry.js';
export { defineAggregator, aggregateStats, referenceGradient, type Aggregator, type AggregatorRule, type AggregateStats, type AggregateContext, type CombineContext } from './policies/aggregators/aggregator.js';
export type { RoundJobs } from './policies/aggregators/round-jobs.js';
export { requirement, type RowRequirement } from './policies/aggregators/precondition.js';
export { zeno, type ZenoRule } from './policies/aggregators/zeno.js';
export { createPreAggregator, preAggregators, type PreAggregatorEntry, type PreAggregatorSpec } from './policies/preaggregators/registry.js';
export type { PreAggregator } from './policies/preaggregators/preaggregator.js';
export { withPreAggregators } from './policies/preaggregators/with-preaggregators.js';

// ── Attacks ──────────────────────────────────────────────────────────────────────────────────────────────────
export { createAttack, attackIssues, attacks, type AttackEntry, type AttackName } from './attacks/registry.js';
export { needsRoundIssues, inertIssues, type AttackSetup, type RoundShape } from './attacks/attack-setup.js';
export { defineAttack, actionOf, type Attack, type AttackAction, type AttackPlace, type AttackContext } from './attacks/attack.js';

// ── Timing models ────────────────────────────────────────────────────────────────────────────────────────────
export { timings, type TimingConfig, type TimingInput, type TimingName } from './timing/registry.js';
export type { TimingEntry, TimingSetup, TimingChoice, PullPolicy, TimedPull, PushTiming, RoundTimings, VersionView } from './timing/timing.js';
export { sampleDelay, delayDistributionSchema, TICKS_PER_MS, type DelayDistribution } from './timing/distributions.js';
export { parseAsyncScript, parseSyncScript, type ScriptStep } from './timing/scripted.js';

// ── Faults in virtual time (the test kit itself is the subpath byzsim/testing) ───────────────────────────────
export { faultSchema, faultWindow, type Fault, type FaultInput, type FaultKind } from './faults/faults.js';

// ── Tasks, data partitions and shaped views of the parameter vector ──────────────────────────────────────────
export { tasks, type TaskEntry, type TaskName, type TaskTable } from './tasks/registry.js';
export { defineTask, type TaskComputes, type TaskSpecOf } from './tasks/task-entry.js';
export type { TaskSpec, TaskInfo, Evaluation, Split } from './tasks/task.js';
export { splitRows, type Dataset } from './tasks/dataset.js';
export { denseLayout } from './tasks/dense-layout.js';
export { taskParts, type TaskParts } from './tasks/task-parts.js';
export { glorotInit } from './tasks/glorot.js';
export { taskInfo } from './tasks/info.js';
export { paramCount, paramLayout } from './tasks/layout.js';
export { initParams } from './tasks/init.js';
export type { ParamBlock } from './tasks/param-block.js';
export { paramView, paramViews, type ParamView } from './tasks/param-views.js';
export { createPartition, partitions, type PartitionEntry } from './tasks/partitions/registry.js';
export type { Partition, PartitionInput } from './tasks/partitions/partition.js';
export { trainShards, type DataSpec, type TrainShards } from './tasks/partitions/train-shards.js';

// ── Building blocks: compute, the event loop, randomness, errors ─────────────────────────────────────────────
export { createCompute } from './compute/create.js';
export { taskCompute } from './compute/task-compute.js';
export type { ComputeTask } from './tasks/task.js';
export type { Compute, Job, JobResult, BackendName, EvaluateResult, GradientResult } from './compute/jobs.js';
export type { JobCounts } from './compute/count-jobs.js';
export { EventLoop, type EventSpec, type EventHandle, type RunOptions, type LoopResult, type StopReason, type EventLoopStats } from './scheduler/event-loop.js';
export { Rng, RandomStream } from './core/rng.js';
export { ConfigError, InputError, PreconditionError, SimulationError, type ConfigIssue } from './core/errors.js';
