// The same tests under node:test, no test framework to install (from the repository root):
// node --import tsx --test examples/testing/cosine.node.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectGolden, expectSwarm, scenario } from 'byzsim/testing';
import './cosine-filter.js';

await test('cosine rejects the Byzantine push that lands right after the validation refresh', async () => {
  const s = await scenario({
    task: 'linreg',
    workers: 3,
    byzantine: { attack: { name: 'sign-flip', scale: 3 } },
    policy: { name: 'cosine', refreshEvery: 2 },
    timing: { model: 'scripted', script: ['p-a-p-a-p-a', 'p--a--p--a-', '---p-b-----'] },
  });
  assert.equal(s.decisions(), '++-+++');
  await expectGolden(s, 'examples/testing/golden/cosine.csv');
});

await test('cosine still lowers the loss over 10 seeds with random faults', async () => {
  const config = { task: 'linreg', workers: 4, steps: 40, byzantine: { count: 1, attack: { name: 'sign-flip', scale: 3 } }, policy: { name: 'cosine' }, timing: { model: 'latency' } } as const;
  await expectSwarm(config, (s) => s.result.evaluations.at(-1)!.loss < s.result.evaluations[0].loss, { seeds: 10, faults: true });
});
