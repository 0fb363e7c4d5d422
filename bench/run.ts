/**
 * The Zeno++ benchmark (not part of `npm test`): byzsim and an independent NumPy loop of the same experiment
 * (bench/zeno.py, one BLAS thread), side by side, and their ratio. Run: npm run bench [-- --arrivals N --rounds R
 * --no-numpy --profile --no-profile]; after the timed rounds, three runs in this process and three in fresh processes
 * are sampled with V8's profiler and the share of each run spent outside the WebAssembly kernels printed, with the
 * medians (`--profile`: every round profiled instead, `--no-profile`: none); `--main-thread` measures only
 * the main thread's own work per arrival (compute jobs replaced by copies of stored gradients, whose time is printed apart)
 *
 * Experiment: MNIST MLP 784-128-10, batch 32, 10 workers, bounded staleness 10, Bernoulli 6/10 sign-flip ×10,
 * Zeno++ with its defaults, 3,000 arrivals, seed 1, inline (no pool). byzsim's side is split into the compute
 * jobs (gradients, validation gradients, test evaluations: the model kernels) and the rest of the main thread
 * (server: Zeno++ test, SGD step, attack; actors, event queue, records), per arrival. Wall and CPU seconds are
 * both printed: on a shared machine CPU seconds are the steadier comparison. R rounds alternate the two sides.
 */
import { execFileSync } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createCompute } from '../src/compute/create.js';
import type { Compute, Job, JobResult } from '../src/compute/jobs.js';
import { resolveConfig, taskSpecOf } from '../src/config/resolve.js';
import { Rng } from '../src/core/rng.js';
import { engine } from '../src/engine/engine.js';
import { simulate } from '../src/experiments/simulate.js';
import { initParams, taskInfo } from '../src/tasks/index.js';
import { numpyMissing, runNumpy } from './numpy.js';
import { type CpuProfile, type ProfileSplit, splitProfile } from './profile-split.js';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const arrivals = arg('arrivals', 3000);
const rounds = arg('rounds', 1);
/**
 * `--profile`: every round profiled; otherwise, after the timed rounds, three profiled runs in this process (warm:
 * V8 has optimized the simulator's JavaScript) and three in fresh processes (each the first run of its process,
 * as a CLI run is) (`--no-profile`: none). `--fresh-child` is how a fresh process is asked for its one run.
 */
const profileEvery = process.argv.includes('--profile');
const freshChild = process.argv.includes('--fresh-child');
const profileAfter = !profileEvery && !freshChild && !process.argv.includes('--no-profile');
const PROFILED_RUNS = 3;

const config = {
  task: 'mnist-mlp',
  workers: 10,
  byzantine: { count: 6, assignment: 'bernoulli', attack: { name: 'sign-flip', scale: 10 } },
  policy: { name: 'zeno++' },
  timing: { model: 'bounded', maxDelay: 10 },
  steps: arrivals,
  seed: 1,
} as const;

/** A compute that times its jobs: inline jobs run synchronously inside `run`, so the call's duration is the job's. */
function timed(inner: Compute): Compute & { ms: number; jobs: number } {
  const t = {
    backend: inner.backend,
    ms: 0,
    jobs: 0,
    run<J extends Job>(job: J): Promise<JobResult<J>> {
      const start = performance.now();
      const p = inner.run(job);
      t.ms += performance.now() - start;
      t.jobs++;
      return p;
    },
    close: () => inner.close(),
  };
  return t;
}

function printSplit({ totalMs, kernelsMs, outsideMs, idleMs }: ProfileSplit): void {
  const pct = (ms: number) => `${((100 * ms) / totalMs).toFixed(1)} %`;
  console.log(`(profiled, ${(totalMs / 1000).toFixed(2)} s sampled: WebAssembly kernels ${pct(kernelsMs)}, main thread outside the kernels (JavaScript, GC, V8) ${pct(outsideMs)}, idle ${pct(idleMs)})`);
}

/** The median share outside the kernels of several profiled runs, with each run's share. */
function printOutsideShares(label: string, splits: readonly ProfileSplit[]): void {
  const shares = splits.map((p) => (100 * p.outsideMs) / p.totalMs);
  const median = [...shares].sort((a, b) => a - b)[shares.length >> 1];
  console.log(`${label}: main thread outside the WebAssembly kernels ${shares.map((x) => `${x.toFixed(1)} %`).join(', ')}; median **${median.toFixed(1)} %**`);
}

/** One profiled run in a new process (`--fresh-child`): the first run of that process, JIT not yet warm. */
function freshSplit(): ProfileSplit {
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--fresh-child', '--arrivals', String(arrivals)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ProfileSplit;
}

/** V8's sampling profiler (250 µs) around the run, split into kernels and the rest (profile-split.ts). */
async function profiled<T>(on: boolean, run: () => Promise<T>): Promise<{ result: T; split?: ProfileSplit }> {
  if (!on) return { result: await run() };
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
    await session.post('Profiler.start');
    const result = await run();
    const { profile } = await session.post('Profiler.stop');
    return { result, split: splitProfile(profile as unknown as CpuProfile) };
  } finally {
    session.disconnect();
  }
}

async function byzsim(profile = profileEvery) {
  const compute = timed(await createCompute({ task: taskSpecOf(resolveConfig(config)), backend: 'auto', threads: 0 }));
  try {
    const cpu = process.cpuUsage();
    const { result: { summary, evaluations }, split } = await profiled(profile, () => simulate(config, { compute }));
    const used = process.cpuUsage(cpu);
    return { summary, split, evaluations: evaluations.length, computeSeconds: compute.ms / 1000, jobs: compute.jobs, cpuSeconds: (used.user + used.system) / 1e6, backend: compute.backend };
  } finally {
    await compute.close();
  }
}

/**
 * The main thread alone: the same run with every compute job replaced by a copy of one of 8 real gradients
 * (taken once, at the initial model) and evaluations by zeros, so what remains is the server (attack, Zeno++
 * test, SGD step), the actors, the event queue and the records. Returns wall and CPU µs per arrival.
 */
async function mainThreadOnly() {
  const spec = taskSpecOf(resolveConfig(config));
  const real = await createCompute({ task: spec, backend: 'auto', threads: 0 });
  const dim = taskInfo(spec).dim;
  const x0 = initParams(spec, Rng.root(1));
  const stored: Float32Array[] = [];
  for (let k = 0; k < 8; k++) {
    const out = engine().float32(dim);
    await real.run({ kind: 'gradient', params: x0, split: 'train', indices: Int32Array.from({ length: 32 }, (_, i) => 32 * k + i), flipLabels: false, out });
    stored.push(out);
  }
  await real.close();
  let next = 0;
  let copyMs = 0;
  const copying: Compute = {
    backend: real.backend,
    run<J extends Job>(job: J): Promise<JobResult<J>> {
      const start = performance.now();
      if ('out' in job) job.out.set(stored[next++ % stored.length]);
      copyMs += performance.now() - start;
      return Promise.resolve({ loss: 0, accuracy: 0 } as unknown as JobResult<J>);
    },
    close: async () => {},
  };
  const cpu = process.cpuUsage();
  const { summary } = await simulate(config, { compute: copying });
  const used = process.cpuUsage(cpu);
  return { wallUs: (1e6 * summary.wall.simulationSeconds) / arrivals, cpuUs: (used.user + used.system) / arrivals, copyUs: (1000 * copyMs) / arrivals, accepted: summary.arrivals.accepted };
}

if (freshChild) {
  console.log(JSON.stringify((await byzsim(true)).split));
  process.exit(0);
}

if (process.argv.includes('--main-thread')) {
  for (let r = 1; r <= rounds; r++) {
    const m = await mainThreadOnly();
    console.log(`main thread alone (compute jobs replaced by stored gradients): ${m.wallUs.toFixed(0)} µs wall, ${m.cpuUs.toFixed(0)} µs CPU per arrival, of which the stand-in's gradient copies ${m.copyUs.toFixed(0)} µs wall (${m.accepted} accepted)`);
  }
  process.exit(0);
}

const missing = process.argv.includes('--no-numpy') ? 'not asked for (--no-numpy)' : numpyMissing();
const digits = dirname(createRequire(import.meta.url).resolve('mnist/src/digits/0.json'));
console.log(`# Zeno++ run: MNIST MLP 784-128-10, batch 32, 10 workers, bounded staleness 10, Bernoulli 6/10 sign-flip ×10, ${arrivals} arrivals, seed 1, inline`);
if (missing) console.log(`# NumPy side skipped: ${missing}`);
console.log('| round | byzsim sim s (CPU s) | compute jobs s | main thread outside jobs s (% of run, µs/arrival) | NumPy loop s (CPU s) | ratio wall (CPU) | byzsim acc / NumPy acc |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
const ratios: number[] = [];
for (let r = 1; r <= rounds; r++) {
  const b = await byzsim();
  const sim = b.summary.wall.simulationSeconds;
  const rest = sim - b.computeSeconds;
  let numpy = { seconds: Number.NaN, cpu: Number.NaN, accuracy: Number.NaN, accepted: Number.NaN, evaluations: Number.NaN };
  if (!missing) numpy = JSON.parse(runNumpy('zeno.py', [digits, String(arrivals)]));
  const cells = [
    r,
    `${sim.toFixed(2)} (${b.cpuSeconds.toFixed(2)})`,
    b.computeSeconds.toFixed(2),
    `${rest.toFixed(2)} (${((100 * rest) / sim).toFixed(1)}%, ${((1e6 * rest) / arrivals).toFixed(0)})`,
    missing ? '–' : `${numpy.seconds.toFixed(2)} (${numpy.cpu.toFixed(2)})`,
    missing ? '–' : `${(sim / numpy.seconds).toFixed(2)} (${(b.cpuSeconds / numpy.cpu).toFixed(2)})`,
    `${b.summary.final.testAccuracy.toFixed(3)} / ${missing ? '–' : numpy.accuracy.toFixed(3)}`,
  ];
  console.log(`| ${cells.join(' | ')} |`);
  if (!missing) ratios.push(sim / numpy.seconds);
  if (b.split) printSplit(b.split);
  if (r === 1) {
    const ours = `${b.jobs} jobs; trace ${b.summary.traceHash.slice(0, 12)}; ${b.summary.arrivals.accepted} accepted, ${b.evaluations} test evaluations`;
    console.log(`(compute backend ${b.backend}; ${ours}${missing ? '' : `; NumPy: ${numpy.accepted} accepted, ${numpy.evaluations} test evaluations`})`);
  }
}
if (ratios.length > 1) console.log(`(median wall ratio over ${ratios.length} rounds: ${ratios.sort((a, b) => a - b)[ratios.length >> 1].toFixed(2)})`);
if (profileAfter) {
  console.log(`Profiled runs (V8's sampler; it slows a run, so these are not timed against NumPy), ${PROFILED_RUNS} in this process and ${PROFILED_RUNS} each in a fresh process:`);
  const warm: ProfileSplit[] = [];
  for (let r = 0; r < PROFILED_RUNS; r++) warm.push((await byzsim(true)).split!);
  printOutsideShares('warm (after the timed rounds)', warm);
  printOutsideShares('fresh process (a CLI run)', Array.from({ length: PROFILED_RUNS }, freshSplit));
}
