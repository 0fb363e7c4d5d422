/**
 * Aggregator benchmark (not part of `npm test`): ms per `aggregate` call for every registered rule, median of
 * several repetitions after warm-up, next to a plain NumPy loop of the same rule on the same input
 * (bench/aggregators.py, one BLAS thread) and the ratio byzsim / NumPy. Run: npx tsx bench/aggregators.ts [--quick]
 * (`--smoke`: one 11 × 64 input and no NumPy, to check that every rule runs here; the tests use it)
 *
 * Shapes: 50 × 100,000 and 20 × 1,000,000. Byzantine rows: f = ⌊(n − 3)/4⌋ (the largest f Bulyan accepts)
 * rows of −10 × an honest row; the rest N(0, 1). Every f-parameterised rule uses that f. byzsim's inputs live
 * in engine memory, as the simulation's gradient slots do (rows elsewhere are copied in first).
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigError } from '../src/core/errors.js';
import { Rng } from '../src/core/rng.js';
import { engine } from '../src/engine/engine.js';
import { aggregators, createAggregator, type AggregatorName } from '../src/policies/aggregators/registry.js';
import type { GeometricMedian } from '../src/policies/aggregators/geometric-median.js';
import { numpyMissing, runNumpy } from './numpy.js';

const smoke = process.argv.includes('--smoke');
const quick = smoke || process.argv.includes('--quick');
const shapes: Array<[number, number]> = smoke
  ? [[11, 64]]
  : [
      [50, 100_000],
      [20, 1_000_000],
    ];

function inputs(n: number, d: number, f: number): Float32Array[] {
  const s = Rng.root(7).fork('bench', n, d).stream();
  const rows: Float32Array[] = [];
  for (let i = 0; i < n - f; i++) {
    const r = engine().float32(d);
    for (let j = 0; j < d; j++) r[j] = s.normal();
    rows.push(r);
  }
  for (let i = 0; i < f; i++) {
    const r = engine().float32(d);
    for (let j = 0; j < d; j++) r[j] = -10 * rows[0][j];
    rows.push(r);
  }
  return rows;
}

function paramsFor(name: AggregatorName, f: number): object {
  switch (name) {
    case 'trimmed-mean':
      return { b: f };
    case 'krum':
    case 'multi-krum':
    case 'bulyan':
    case 'meamed':
    case 'mda':
    case 'monna':
    case 'caf':
    case 'smea':
      return { f };
    default:
      return {};
  }
}

/**
 * Median wall and CPU ms of `reps` timed calls after `warm` untimed ones. On a shared machine CPU time is the
 * steadier comparison (both sides run on one thread: NumPy with one BLAS thread).
 */
function time(fn: () => void, warm: number, reps: number): { wall: number; cpu: number } {
  for (let i = 0; i < warm; i++) fn();
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    fn();
    const used = process.cpuUsage(c);
    ms.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (x: number[]) => x.sort((a, b) => a - b)[x.length >> 1];
  return { wall: median(ms), cpu: median(cpu) };
}

const missing = smoke ? 'not asked for (--smoke)' : numpyMissing();
if (missing) console.log(`# NumPy comparison skipped: ${missing}`);
const names = Object.keys(aggregators) as AggregatorName[];
const started = performance.now();
const tmp = mkdtempSync(join(tmpdir(), 'byzsim-bench-'));
try {
  for (const [n, d] of shapes) {
    const f = Math.floor((n - 3) / 4);
    const rows = inputs(n, d, f);
    const out = engine().float32(d);
    const warm = quick ? 1 : 2;
    const reps = quick ? 3 : d >= 1_000_000 ? 3 : 5;
    const ours = new Map<string, { wall: number; cpu: number }>();
    const refused = new Set<string>();
    let iterations = 0;
    for (const name of names) {
      const agg = createAggregator(name, paramsFor(name, f));
      // FLTrust needs the server's gradient: the first row stands in for it. Zeno needs its assess step's scores
      // (trial losses, pool jobs in a run): fixed ones stand in, so only its selection and averaging are timed.
      const context = { reference: rows[0], scores: rows.map((_, i) => -i) };
      try {
        agg.aggregate(rows, out, undefined, context);
      } catch (e) {
        // MDA and SMEA refuse enumerations beyond their bound (C(n, f) subsets): the table says so.
        if (!(e instanceof ConfigError)) throw e;
        refused.add(name);
        continue;
      }
      ours.set(name, time(() => agg.aggregate(rows, out, undefined, context), warm, reps));
      if (name === 'geometric-median') iterations = (agg as GeometricMedian).lastIterations;
    }
    let theirs: Record<string, number> = {};
    if (!missing) {
      const file = join(tmp, 'rows.f32');
      const all = new Float32Array(n * d);
      rows.forEach((r, i) => all.set(r, i * d));
      writeFileSync(file, all);
      theirs = JSON.parse(runNumpy('aggregators.py', [file, n, d, f, reps, warm, iterations].map(String)));
    }
    console.log(`\n## ${n} × ${d.toLocaleString('en-US')}, f = ${f}: ms per call (median of ${reps}); geometric median ${iterations} Weiszfeld iterations`);
    console.log('| rule | byzsim wall (CPU) | NumPy wall (CPU) | byzsim / NumPy wall (CPU) |');
    console.log('|---|---:|---:|---:|');
    for (const name of names) {
      if (refused.has(name)) {
        console.log(`| ${name} | refused: C(${n}, ${f}) subsets, beyond its maxSubsets bound | – | – |`);
        continue;
      }
      const a = ours.get(name)!;
      const b = theirs[name];
      const c = theirs[`${name} (CPU)`];
      const them = b === undefined ? '–' : `${b.toFixed(1)} (${c.toFixed(1)})`;
      const ratio = b === undefined ? '–' : `${(a.wall / b).toFixed(2)} (${(a.cpu / c).toFixed(2)})`;
      console.log(`| ${name} | ${a.wall.toFixed(1)} (${a.cpu.toFixed(1)}) | ${them} | ${ratio} |`);
    }
    if (theirs['krum (Gram form)'] !== undefined) console.log(`(NumPy Krum with the Gram form ‖a‖² + ‖b‖² − 2⟨a, b⟩, which cancels for close vectors: ${theirs['krum (Gram form)'].toFixed(1)} ms)`);
    for (const r of rows) engine().release(r);
    engine().release(out);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`\nNode ${process.version}; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
