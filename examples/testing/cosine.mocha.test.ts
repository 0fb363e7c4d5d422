// The test of docs/testing.md's worked example, under mocha (from the repository root):
// npx mocha --no-config --node-option import=tsx examples/testing/cosine.mocha.test.ts
import assert from 'node:assert/strict';
import { expectGolden, scenario } from 'byzsim/testing';
import './cosine-filter.js';

it('rejects the Byzantine push that lands right after the validation refresh', async () => {
  const s = await scenario({
    task: 'linreg',
    workers: 3,
    byzantine: { attack: { name: 'sign-flip', scale: 3 } },
    policy: { name: 'cosine', refreshEvery: 2 },
    timing: { model: 'scripted', script: ['p-a-p-a-p-a', 'p--a--p--a-', '---p-b-----'] },
  });
  assert.equal(s.decisions(), '++-+++');
  assert.deepEqual(s.where({ byzantine: true }).map((r) => [r.arrival, r.decision.accepted]), [[2, false]]);
  await expectGolden(s, 'examples/testing/golden/cosine.csv');
});
