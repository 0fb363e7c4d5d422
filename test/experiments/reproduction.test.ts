import assert from 'node:assert/strict';
import { runStudy } from '../../src/experiments/study.js';

/** A small version of docs/reproduction.md: the qualitative ordering, not the numbers. */
describe('reproduction (small)', function () {
  this.timeout(120_000);

  it('Zeno++ beats async SGD and Kardam under sign-flip ×10 with 6 of 10 Byzantine arrivals (async, staleness ≤ 10)', async () => {
    const base = {
      task: 'mnist-softmax',
      workers: 10,
      byzantine: { count: 6, assignment: 'bernoulli', attack: { name: 'sign-flip', scale: 10 } },
      timing: { model: 'bounded', maxDelay: 10 },
      steps: 600,
      evalEvery: 300,
      seed: 1,
    } as const;
    const [plain, kardam, zeno] = await runStudy(
      [{ ...base, policy: { name: 'async-sgd' } }, { ...base, policy: { name: 'kardam', f: 3 } }, { ...base, policy: { name: 'zeno++' } }],
      { threads: 2 },
    );
    const acc = (r: typeof plain) => r.summary.final.testAccuracy;
    assert.ok(acc(plain) < 0.2, `async SGD ${acc(plain)}`);
    assert.ok(acc(kardam) < 0.2, `Kardam ${acc(kardam)}`);
    assert.ok(acc(zeno) > 0.75, `Zeno++ ${acc(zeno)}`);
  });

  it('with 12 of 20 Byzantine workers (sync), mean, median and Krum break and Zeno does not', async () => {
    const base = {
      task: 'mnist-softmax',
      mode: 'sync',
      workers: 20,
      byzantine: { count: 12, attack: { name: 'sign-flip', scale: 1 } },
      steps: 60,
      evalEvery: 30,
      seed: 1,
    } as const;
    const results = await runStudy(
      [{ name: 'mean' }, { name: 'median' }, { name: 'krum', f: 8 }, { name: 'zeno', b: 16 }].map((policy) => ({ ...base, policy })),
      { threads: 2 },
    );
    const [mean, median, krum, zeno] = results.map((r) => r.summary.final.testAccuracy);
    for (const [name, acc] of [['mean', mean], ['median', median], ['krum', krum]] as const) assert.ok(acc < 0.2, `${name} ${acc}`);
    assert.ok(zeno > 0.75, `zeno ${zeno}`);
  });
});
