/**
 * A task of your own, registered by name and used like a built-in one: logistic regression in plain JavaScript
 * (examples/tasks/logistic.ts, one file whose default export is the task's entry), trained under Zeno++ against
 * sign-flipping workers, on a pool of 2 threads. The pool threads import the task from the module its entry names
 * (`module: import.meta.url`), so the task lives in a file of its own, not in this script.
 * Run: npx tsx examples/custom-task.ts [steps]
 */
import { registerTask, simulate } from 'byzsim';
import logistic from './tasks/logistic.js';

registerTask('logistic', logistic);

const steps = Number(process.argv[2] ?? 600);
const { summary, evaluations } = await simulate(
  {
    task: { name: 'logistic', features: 8, samples: 2000, testSize: 300, validationSize: 200 },
    workers: 8,
    byzantine: { count: 2, attack: { name: 'sign-flip', scale: 4 } },
    policy: { name: 'zeno++' },
    optimizer: { lr: 0.5, batchSize: 8 },
    steps,
    evalEvery: Math.max(1, Math.floor(steps / 4)),
  },
  { threads: 2 },
);
const first = evaluations[0];
console.log(
  `logistic on ${summary.backend}, 2 threads: test loss ${first.loss.toFixed(3)} → ${summary.final.testLoss.toFixed(3)}, accuracy ${(100 * summary.final.testAccuracy).toFixed(1)}%, ${summary.arrivals.rejected} of ${summary.arrivals.total} arrivals rejected`,
);
