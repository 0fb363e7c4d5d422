/**
 * Benchmarks (not part of `npm test`): gradient jobs per second inline vs pools, and the server's own cost per
 * arrival. Run: npm run bench [-- steps]
 */
import { performance } from 'node:perf_hooks';
import { sgdStep } from '../src/core/vectors.js';
import { Rng } from '../src/core/rng.js';
import { simulate } from '../src/experiments/simulate.js';
import { createFilter } from '../src/policies/filters/registry.js';

const steps = Number(process.argv[2] ?? 600);

/** Latency timing lets every worker's job be in flight at once, so a pool can compute ahead. */
const config = {
  task: 'mnist-mlp',
  workers: 10,
  byzantine: { count: 6, assignment: 'bernoulli', attack: { name: 'sign-flip', scale: 10 } },
  policy: { name: 'zeno++' },
  timing: { model: 'latency', compute: { type: 'exponential', mean: 10 } },
  steps,
  evalEvery: 100_000,
  seed: 1,
} as const;

console.log(`# gradient jobs per second: MNIST MLP 784-128-10, batch 32, Zeno++, latency timing, ${steps} arrivals`);
console.log('threads | jobs/s | simulation s | pool wait s | event loop s | trace hash');
const hashes = new Set<string>();
for (const threads of [0, 1, 2]) {
  const { summary: s } = await simulate(config, { threads });
  hashes.add(s.traceHash + s.modelHash);
  console.log(
    [threads === 0 ? 'inline' : threads, s.wall.gradientJobsPerSecond.toFixed(1), s.wall.simulationSeconds.toFixed(2), s.wall.poolWaitSeconds.toFixed(2), s.wall.eventLoopSeconds.toFixed(2), s.traceHash.slice(0, 12)].join(' | '),
  );
}
console.log(hashes.size === 1 ? 'identical trace and model hashes at every pool size' : 'HASHES DIFFER ACROSS POOL SIZES');

// The server's own work per arrival (no gradient computation): Zeno++ decision plus the SGD step.
const dim = 101_770;
const stream = Rng.root(1).stream();
const v = Float32Array.from({ length: dim }, () => stream.normal());
const g = Float32Array.from({ length: dim }, () => stream.normal() + 0.1 * v[0]);
const x = new Float32Array(dim);
const next = new Float32Array(dim);
const direction = new Float32Array(dim);
const zeno = createFilter('zeno++', {});
const ctx = { validation: v, lr: 0.1, initialLr: 0.1, staleness: 0, worker: 0, baseParams: x, currentParams: x };
const reps = 2000;
for (let i = 0; i < 200; i++) zeno.decide(g, ctx, direction);
let t = performance.now();
for (let i = 0; i < reps; i++) zeno.decide(g, ctx, direction);
const decideMs = (performance.now() - t) / reps;
t = performance.now();
for (let i = 0; i < reps; i++) sgdStep(next, x, 0.1, direction, 0);
const stepMs = (performance.now() - t) / reps;
console.log(`\n# server cost per arrival, d = ${dim}: Zeno++ decide ${decideMs.toFixed(3)} ms, SGD step ${stepMs.toFixed(3)} ms`);
