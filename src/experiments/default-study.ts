import type { RunConfigInput } from '../config/schema.js';

/**
 * The study `npm start` runs: MNIST MLP, 10 workers, asynchronous with bounded staleness (10), 60% of arrivals
 * Byzantine (Bernoulli 6/10 per arrival, as in the Zeno++ experiments) sending sign-flipped gradients ×10;
 * plain async SGD against Zeno++, each also without attack to show what the filter costs.
 */
export function defaultStudy(seed = 1): RunConfigInput[] {
  const base = {
    task: 'mnist-mlp',
    workers: 10,
    timing: { model: 'bounded', maxDelay: 10 },
    optimizer: { lr: 0.1, batchSize: 32 },
    steps: 3000,
    evalEvery: 100,
    seed,
  } as const;
  const attacked = { count: 6, assignment: 'bernoulli', attack: { name: 'sign-flip', scale: 10 } } as const;
  const clean = { count: 0 } as const;
  const zeno = { name: 'zeno++', rho: 0.001, epsilon: 0, refreshEvery: 10 } as const;
  return [
    { ...base, name: 'async-sgd, sign-flip x10, 6/10 Byzantine', policy: { name: 'async-sgd' }, byzantine: attacked },
    { ...base, name: 'zeno++, sign-flip x10, 6/10 Byzantine', policy: zeno, byzantine: attacked },
    { ...base, name: 'async-sgd, no attack', policy: { name: 'async-sgd' }, byzantine: clean },
    { ...base, name: 'zeno++, no attack', policy: zeno, byzantine: clean },
  ];
}
