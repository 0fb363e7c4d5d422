/**
 * Testing a custom filter with byzsim/testing under mocha:
 * npx mocha --no-config --node-option import=tsx examples/testing/cosine.mocha.test.ts
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { expectDeterministic, expectGolden, expectSwarm, scenario } from 'byzsim/testing';
import './cosine-filter.js';

const golden = fileURLToPath(new URL('golden/cosine.csv', import.meta.url));

describe('cosine filter', function () {
  this.timeout(60_000);

  it('rejects the Byzantine push that lands right after the validation refresh', async () => {
    const s = await scenario({
      task: 'linreg',
      workers: 3,
      byzantine: { attack: { name: 'sign-flip', scale: 3 } },
      policy: { name: 'cosine', refreshEvery: 2 },
      // Worker 2 pushes a Byzantine gradient (b) at tick 5: arrival 2, the first judged by the refreshed v.
      timing: { model: 'scripted', script: ['p-a-p-a-p-a', 'p--a--p--a-', '---p-b-----'] },
    });
    assert.equal(s.decisions(), '++-+++');
    assert.deepEqual(s.where({ byzantine: true }).map((r) => [r.arrival, r.decision.accepted]), [[2, false]]);
    await expectGolden(s, golden);
  });

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
  });

  it('still lowers the loss over 10 seeds with random faults', async () => {
    await expectSwarm(latency, (s) => s.result.evaluations.at(-1)!.loss < s.result.evaluations[0].loss, { seeds: 10, faults: true });
  });
});
