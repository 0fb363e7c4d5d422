// Determinism and a seed swarm for the cosine filter, under mocha (from the repository root):
// npx mocha --no-config --node-option import=tsx examples/testing/cosine-swarm.mocha.test.ts
import { expectDeterministic, expectSwarm } from 'byzsim/testing';
import './cosine-filter.js';

const latency = {
  task: 'linreg',
  workers: 4,
  steps: 40,
  byzantine: { count: 1, attack: { name: 'sign-flip', scale: 3 } },
  policy: { name: 'cosine' },
  timing: { model: 'latency' },
} as const;

it('gives the same trace inline and on pools of 1 and 2 threads', async () => {
  await expectDeterministic(latency);
}).timeout(60_000);

it('still lowers the loss over 10 seeds with random faults', async () => {
  await expectSwarm(latency, (s) => s.result.evaluations.at(-1)!.loss < s.result.evaluations[0].loss, { seeds: 10, faults: true });
}).timeout(60_000);
