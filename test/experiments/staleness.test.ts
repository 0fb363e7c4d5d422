import assert from 'node:assert/strict';
import { simulate } from '../../src/experiments/simulate.js';

/** linreg is tiny, so long runs are cheap; async-sgd accepts every honest gradient, so versions grow by one per arrival. */
const base = {
  task: { name: 'linreg', features: 4, samples: 600, validationSize: 50, testSize: 50 },
  workers: 8,
  policy: { name: 'async-sgd' },
  optimizer: { lr: 0.01, batchSize: 8 },
  evalEvery: 1000,
  seed: 11,
} as const;

function histogram(values: number[], max: number): number[] {
  const h = new Array<number>(max + 1).fill(0);
  for (const v of values) h[v]++;
  return h;
}

describe('timing models', function () {
  this.timeout(60_000);

  it('bounded: staleness is uniform on 0..maxDelay once enough versions exist', async () => {
    const maxDelay = 5;
    const r = await simulate({ ...base, timing: { model: 'bounded', maxDelay }, steps: 6000 }, { threads: 0 });
    const stale = r.records.slice(maxDelay).map((x) => x.staleness);
    assert.ok(Math.max(...stale) <= maxDelay);
    const h = histogram(stale, maxDelay);
    const expected = stale.length / (maxDelay + 1);
    // Chi-square with 5 degrees of freedom: 20.5 is its 0.999 quantile.
    const chi2 = h.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    assert.ok(chi2 < 20.5, `chi2 = ${chi2.toFixed(2)}, histogram ${h}`);
  });

  it('bounded: while fewer versions exist, staleness never exceeds the versions available', async () => {
    const r = await simulate({ ...base, timing: { model: 'bounded', maxDelay: 10 }, steps: 10 }, { threads: 0 });
    for (const x of r.records) assert.ok(x.staleness <= x.arrival, `arrival ${x.arrival} had staleness ${x.staleness}`);
  });

  it('latency: equal constant delays give every worker a staleness of exactly n − 1', async () => {
    const r = await simulate(
      { ...base, timing: { model: 'latency', compute: { type: 'constant', value: 10 }, network: { type: 'constant', value: 1 } }, steps: 400 },
      { threads: 0 },
    );
    // Round 1 starts from version 0 for everyone; afterwards each worker sees the n − 1 updates of the others.
    for (const x of r.records.slice(base.workers)) assert.equal(x.staleness, base.workers - 1);
  });

  it('latency: with exponential compute times the mean staleness is n − 1 (renewal argument), and a straggler is staler', async () => {
    const r = await simulate(
      {
        ...base,
        timing: { model: 'latency', compute: { type: 'exponential', mean: 10 }, network: { type: 'constant', value: 0 } },
        steps: 8000,
      },
      { threads: 0 },
    );
    const mean = r.summary.staleness.mean;
    assert.ok(Math.abs(mean - (base.workers - 1)) < 0.35, `mean staleness ${mean}`);

    const slow = await simulate(
      {
        ...base,
        timing: { model: 'latency', compute: { type: 'exponential', mean: 10 }, network: { type: 'constant', value: 0 }, stragglers: { count: 1, factor: 5 } },
        steps: 4000,
      },
      { threads: 0 },
    );
    const meanOf = (w: number) => {
      const s = slow.records.filter((x) => x.worker === w).map((x) => x.staleness);
      return s.reduce((a, b) => a + b, 0) / s.length;
    };
    // The straggler (highest id) waits ~5× longer, so ~5× more updates land during its step.
    assert.ok(meanOf(base.workers - 1) > 3 * meanOf(0), `straggler ${meanOf(base.workers - 1)} vs ${meanOf(0)}`);
  });
});
