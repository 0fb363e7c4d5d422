import assert from 'node:assert/strict';
import { Rng } from '../../src/core/rng.js';
import { TICKS_PER_MS, delayDistributionSchema, sampleDelay, type DelayDistribution } from '../../src/timing/distributions.js';

const N = 20_000;

/** N seeded draws, one stream per draw as the actors use them (keyed by step). */
function draws(dist: DelayDistribution, speed = 1, seed = 1): number[] {
  const rng = Rng.root(seed).fork('test', 'delay');
  return Array.from({ length: N }, (_, i) => sampleDelay(dist, rng.stream(i), speed));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};
/** |actual − expected| ≤ rel · expected. */
function near(actual: number, expected: number, rel: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= rel * expected, `${what}: expected ${expected} ± ${rel * 100}%, got ${actual}`);
}

describe('delay distributions', () => {
  it('uses one tick per microsecond', () => {
    assert.equal(TICKS_PER_MS, 1000);
  });

  it('constant gives exactly value·speed in ticks, rounded to nearest', () => {
    const s = Rng.root(1).stream();
    assert.equal(sampleDelay({ type: 'constant', value: 1.5 }, s), 1500);
    assert.equal(sampleDelay({ type: 'constant', value: 1.5 }, s, 3), 4500);
    assert.equal(sampleDelay({ type: 'constant', value: 0.0004 }, s), 0);
    assert.equal(sampleDelay({ type: 'constant', value: 0.0006 }, s), 1);
  });

  // Tolerances: with N = 20 000 the standard error of the mean is σ/√N ≈ 0.7 % of the mean for the exponential
  // (σ = mean) and less for the others, so 3 % is more than 4 standard errors. The draws are seeded, so
  // these tests are deterministic; the tolerance documents how close the samplers are, not flakiness.
  it('uniform stays within [min, max] with mean (min + max) / 2 (±3 %)', () => {
    const xs = draws({ type: 'uniform', min: 2, max: 6 });
    assert.ok(xs.every((x) => Number.isInteger(x) && x >= 2000 && x <= 6000));
    near(mean(xs), 4000, 0.03, 'uniform mean');
  });

  it('exponential has the given mean (±3 %) and median mean·ln 2 (±3 %)', () => {
    const xs = draws({ type: 'exponential', mean: 10 });
    assert.ok(xs.every((x) => Number.isInteger(x) && x >= 0));
    near(mean(xs), 10_000, 0.03, 'exponential mean');
    near(median(xs), 10_000 * Math.LN2, 0.03, 'exponential median');
  });

  it('lognormal has the given median (±3 %) and log-standard-deviation sigma (±3 %)', () => {
    const xs = draws({ type: 'lognormal', median: 5, sigma: 0.5 });
    near(median(xs), 5000, 0.03, 'lognormal median');
    const logs = xs.map((x) => Math.log(x));
    const m = mean(logs);
    near(Math.sqrt(mean(logs.map((l) => (l - m) ** 2))), 0.5, 0.03, 'lognormal sigma');
  });

  it('scales by the speed factor', () => {
    near(mean(draws({ type: 'exponential', mean: 10 }, 2.5)), 25_000, 0.03, 'scaled mean');
  });

  it('is a pure function of the stream key and step', () => {
    const dist: DelayDistribution = { type: 'lognormal', median: 3, sigma: 1 };
    assert.deepEqual(draws(dist).slice(0, 50), draws(dist).slice(0, 50));
    assert.notDeepEqual(draws(dist, 1, 1).slice(0, 50), draws(dist, 1, 2).slice(0, 50));
  });

  it('rejects a negative or non-finite speed factor', () => {
    const s = Rng.root(1).stream();
    assert.throws(() => sampleDelay({ type: 'constant', value: 1 }, s, -1), RangeError);
    assert.throws(() => sampleDelay({ type: 'constant', value: 1 }, s, Number.NaN), RangeError);
  });

  describe('schema', () => {
    it('accepts each distribution', () => {
      for (const d of [
        { type: 'constant', value: 0 },
        { type: 'uniform', min: 1, max: 1 },
        { type: 'exponential', mean: 10 },
        { type: 'lognormal', median: 2, sigma: 0.3 },
      ]) assert.deepEqual(delayDistributionSchema.parse(d), d);
    });

    it('rejects unknown keys, min > max, negative values and unknown types', () => {
      const bad = [
        { type: 'constant', value: 1, extra: 2 },
        { type: 'uniform', min: 3, max: 2 },
        { type: 'exponential', mean: -1 },
        { type: 'lognormal', median: 1, sigma: Number.POSITIVE_INFINITY },
        { type: 'pareto', alpha: 2 },
      ];
      for (const d of bad) assert.equal(delayDistributionSchema.safeParse(d).success, false, JSON.stringify(d));
      const issue = delayDistributionSchema.safeParse({ type: 'uniform', min: 3, max: 2 }).error!.issues[0];
      assert.deepEqual(issue.path, ['max']);
    });
  });
});
