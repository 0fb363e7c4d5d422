/**
 * Quickstart: Zeno++ against 6 of 10 Byzantine workers sending sign-flipped gradients ×10, on MNIST.
 * Run: npx tsx examples/quickstart.ts [steps]
 */
import { simulate } from 'byzsim';

const steps = Number(process.argv[2] ?? 1500);
const result = await simulate(
  {
    task: 'mnist-mlp',
    workers: 10,
    byzantine: { count: 6, assignment: 'bernoulli', attack: { name: 'sign-flip', scale: 10 } },
    policy: { name: 'zeno++', rho: 0.001, epsilon: 0, refreshEvery: 10 },
    timing: { model: 'bounded', maxDelay: 10 },
    steps,
    seed: 1,
  },
  { threads: 2 },
);

const s = result.summary;
console.log(`test accuracy ${(100 * s.final.testAccuracy).toFixed(1)}% after ${s.arrivals.total} arrivals`);
console.log(`accepted ${s.arrivals.accepted}, rejected ${s.arrivals.rejected}`);
console.log(`false positives ${(100 * s.arrivals.falsePositiveRate).toFixed(1)}%, false negatives ${(100 * s.arrivals.falseNegativeRate).toFixed(1)}%`);
console.log(`trace ${s.traceHash.slice(0, 12)}, model ${s.modelHash.slice(0, 12)}, backend ${s.backend}`);
