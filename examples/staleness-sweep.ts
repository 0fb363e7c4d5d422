/**
 * A staleness sweep from code: Zeno++ and async SGD at several staleness bounds, resumable, then a report.
 * Run: npx tsx examples/staleness-sweep.ts [steps] [out]
 */
import { runSweep, writeReport } from 'byzsim';

const steps = Number(process.argv[2] ?? 1500);
const out = process.argv[3] ?? 'results/sweeps/staleness-from-code';
const result = await runSweep(
  {
    base: {
      task: 'mnist-softmax',
      byzantine: { count: 6, assignment: 'bernoulli', attack: { name: 'sign-flip', scale: 10 } },
      steps,
      evalEvery: Math.max(1, Math.floor(steps / 5)),
    },
    grid: { 'timing.maxDelay': [2, 10], policy: [{ name: 'async-sgd' }, { name: 'zeno++' }] },
    seeds: [1],
  },
  out,
);
await writeReport(out);
console.log(`${result.total} cells (${result.skipped} already done); ${result.csv}; report in ${out}/report.md`);
