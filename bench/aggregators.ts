/**
 * Aggregator benchmark (not part of `npm test`): ms per `aggregate` call for every registered rule, median of
 * several repetitions after warm-up. Run: npx tsx bench/aggregators.ts [--quick]
 *
 * Shapes: 50 × 100,000 and 20 × 1,000,000 (the brief), plus 20 × 100,000 so the growth in n (50 vs 20 at
 * d = 10⁵) and in d (10⁵ vs 10⁶ at n = 20) can be read off. Byzantine rows: f = ⌊(n − 3)/4⌋ (the largest f
 * Bulyan accepts) rows of −10 × an honest row; the rest N(0, 1). Every f-parameterised rule uses that f.
 */
import { performance } from 'node:perf_hooks';
import { Rng } from '../src/core/rng.js';
import { aggregators, createAggregator, type AggregatorName } from '../src/policies/aggregators/registry.js';
import type { GeometricMedian } from '../src/policies/aggregators/geometric-median.js';
import { medianOfRange, sortRange } from '../src/policies/aggregators/select.js';

const quick = process.argv.includes('--quick');
const shapes: Array<[number, number]> = [
  [50, 100_000],
  [20, 100_000],
  [20, 1_000_000],
];

function inputs(n: number, d: number, f: number): Float32Array[] {
  const s = Rng.root(7).fork('bench', n, d).stream();
  const rows: Float32Array[] = [];
  for (let i = 0; i < n - f; i++) {
    const r = new Float32Array(d);
    for (let j = 0; j < d; j++) r[j] = s.normal();
    rows.push(r);
  }
  for (let i = 0; i < f; i++) rows.push(rows[0].map((v) => -10 * v));
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
      return { f };
    default:
      return {};
  }
}

/** Median ms of `reps` timed calls after `warm` untimed ones. */
function time(fn: () => void, warm: number, reps: number): number {
  for (let i = 0; i < warm; i++) fn();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return ms[ms.length >> 1];
}

const names = Object.keys(aggregators) as AggregatorName[];
const results = new Map<string, number[]>();
const notes = new Map<string, string>();
const started = performance.now();
for (const [n, d] of shapes) {
  const f = Math.floor((n - 3) / 4);
  const rows = inputs(n, d, f);
  const out = new Float32Array(d);
  for (const name of names) {
    const agg = createAggregator(name, paramsFor(name, f));
    const reps = quick ? 3 : d >= 1_000_000 ? 3 : 5;
    const ms = time(() => agg.aggregate(rows, out), quick ? 1 : 2, reps);
    results.set(name, [...(results.get(name) ?? []), ms]);
    if (name === 'geometric-median') notes.set(`${n}x${d}`, `${(agg as GeometricMedian).lastIterations} Weiszfeld iterations`);
  }
  console.error(`# ${n} × ${d} done (f = ${f}), ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

console.log(`ms per aggregate call (median), f = ⌊(n − 3)/4⌋; Node ${process.version}`);
console.log(`| rule | ${shapes.map(([n, d]) => `${n} × ${d.toLocaleString('en-US')}`).join(' | ')} |`);
console.log(`|---|${shapes.map(() => '---:').join('|')}|`);
for (const name of names) console.log(`| ${name} | ${results.get(name)!.map((ms) => ms.toFixed(1)).join(' | ')} |`);
console.log(`geometric-median: ${[...notes].map(([k, v]) => `${k}: ${v}`).join('; ')}`);

// Why quickselect: the same coordinate-wise median with the kernels that were considered (50 × 100,000).
{
  const [n, d] = [50, 100_000];
  const rows = inputs(n, d, 11);
  const out = new Float32Array(d);
  const col = new Float64Array(n);
  const h = n >> 1;
  const gather = (j: number): void => {
    for (let i = 0; i < n; i++) col[i] = rows[i][j];
  };
  const variants: Record<string, () => void> = {
    'quickselect (used)': () => {
      for (let j = 0; j < d; j++) {
        gather(j);
        out[j] = medianOfRange(col, 0, n);
      }
    },
    'quicksort + insertion (select.ts sortRange)': () => {
      for (let j = 0; j < d; j++) {
        gather(j);
        sortRange(col, 0, n);
        out[j] = (col[h - 1] + col[h]) / 2;
      }
    },
    'Float64Array.prototype.sort': () => {
      for (let j = 0; j < d; j++) {
        gather(j);
        col.sort();
        out[j] = (col[h - 1] + col[h]) / 2;
      }
    },
    'gather only (lower bound)': () => {
      for (let j = 0; j < d; j++) {
        gather(j);
        out[j] = col[h];
      }
    },
  };
  console.log(`\ncoordinate-wise median kernels, ${n} × ${d.toLocaleString('en-US')}, ms`);
  for (const [label, fn] of Object.entries(variants)) console.log(`| ${label} | ${time(fn, 1, quick ? 3 : 5).toFixed(1)} |`);
}
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
