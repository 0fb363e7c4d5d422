/**
 * byzsim/testing: reproducible tests of asynchronous Byzantine-tolerant training, for any test runner.
 * Run a scenario and query its trace, check determinism across pool sizes, compare with golden traces,
 * and run a property over a swarm of seeds with shrinking.
 */
export { scenario, Scenario, type ScenarioOptions, type ArrivalQuery } from './scenario.js';
export { expectGolden, type GoldenOptions } from './golden.js';
export { expectDeterministic, type DeterminismOptions } from './determinism.js';
export { swarm, expectSwarm, describeSwarm, randomFaults, type Property, type SwarmOptions, type SwarmFailure, type SwarmReport } from './swarm.js';
export { firstDivergence } from './trace-diff.js';
export type { ArrivalRecord } from '../actors/arrival.js';
export type { FaultInput, FaultKind } from '../faults/faults.js';
