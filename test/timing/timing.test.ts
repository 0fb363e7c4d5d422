import assert from 'node:assert/strict';
import { ConfigError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { pickBoundedVersion } from '../../src/timing/bounded.js';
import { workerSpeed, type LatencyParams } from '../../src/timing/latency.js';
import { checkTiming, timingIssues, timingSchema } from '../../src/timing/registry.js';

const shape = (workers: number) => ({ workers, steps: 10, mode: 'async' as const });

describe('timing models', () => {
  describe('schema', () => {
    it('fills the latency defaults: exponential compute (mean 10 ms), constant network (1 ms)', () => {
      assert.deepEqual(timingSchema.parse({ model: 'latency' }), {
        model: 'latency',
        compute: { type: 'exponential', mean: 10 },
        network: { type: 'constant', value: 1 },
      });
    });

    it('fills the bounded default maxDelay 10', () => {
      assert.deepEqual(timingSchema.parse({ model: 'bounded' }), { model: 'bounded', maxDelay: 10 });
    });

    it('rejects unknown keys, unknown models and bad straggler settings', () => {
      for (const t of [
        { model: 'bounded', maxDelay: 3, speeds: [1] },
        { model: 'latency', stragglers: { count: 1, factor: 0.5 } },
        { model: 'latency', stragglers: { count: 1.5, factor: 2 } },
        { model: 'latency', stragglers: { count: 1, factor: 2, who: 'last' } },
        { model: 'latency', speeds: [1, 0] },
        { model: 'bounded', maxDelay: -1 },
        { model: 'synchronous' },
      ]) assert.equal(timingSchema.safeParse(t).success, false, JSON.stringify(t));
    });
  });

  describe('workerSpeed', () => {
    const timing = timingSchema.parse({ model: 'latency', speeds: [1, 2, 0.5, 1], stragglers: { count: 2, factor: 10 } }) as unknown as LatencyParams;

    it('multiplies the speed factor by the straggler factor for the highest-index workers', () => {
      assert.deepEqual([0, 1, 2, 3].map((w) => workerSpeed(timing, w, 4)), [1, 2, 5, 10]);
    });

    it('reports a speeds list of the wrong length as a config error naming the field', () => {
      assert.deepEqual(timingIssues(timingSchema.parse(timing), shape(5)), [{ path: 'timing.speeds', message: 'expected one speed factor per worker (5), got 4' }]);
      assert.throws(() => checkTiming(timingSchema.parse(timing), shape(3)), ConfigError);
      assert.throws(() => workerSpeed(timing, 0, 3), ConfigError);
      assert.throws(() => workerSpeed(timing, 4, 4), RangeError);
    });

    it('reports more stragglers than workers', () => {
      const t = timingSchema.parse({ model: 'latency', stragglers: { count: 5, factor: 2 } });
      assert.deepEqual(timingIssues(t, shape(4)).map((i) => i.path), ['timing.stragglers.count']);
    });
  });

  describe('pickBoundedVersion', () => {
    /** Frequencies of each version over many seeded draws (one stream per arrival). */
    function frequencies(latest: number, oldestKept: number, maxDelay: number, draws = 60_000) {
      const rng = Rng.root(3).fork('staleness');
      const counts = new Map<number, number>();
      for (let i = 0; i < draws; i++) {
        const v = pickBoundedVersion(rng.stream(i), latest, oldestKept, maxDelay);
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      return new Map([...counts].map(([v, c]) => [v, c / draws]));
    }

    // With 60 000 draws the standard error of a frequency near 1/11 is about 0.0012; ±0.006 is 5 of them.
    function assertUniform(freq: Map<number, number>, lo: number, hi: number) {
      assert.deepEqual([...freq.keys()].sort((a, b) => a - b), Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
      for (const [v, f] of freq) assert.ok(Math.abs(f - 1 / (hi - lo + 1)) <= 0.006, `version ${v}: frequency ${f}`);
    }

    it('draws uniformly from the last maxDelay + 1 versions', () => {
      assertUniform(frequencies(100, 0, 10), 90, 100);
    });

    it('draws uniformly from all versions while fewer than maxDelay + 1 exist', () => {
      assertUniform(frequencies(3, 0, 10), 0, 3);
      assertUniform(frequencies(100, 96, 10), 96, 100);
    });

    it('returns the latest version when maxDelay is 0', () => {
      assertUniform(frequencies(7, 0, 0, 100), 7, 7);
    });

    it('rejects inconsistent versions and a negative maxDelay', () => {
      const s = Rng.root(1).stream();
      assert.throws(() => pickBoundedVersion(s, 3, 5, 2), RangeError);
      assert.throws(() => pickBoundedVersion(s, 3, 0, -1), RangeError);
    });
  });
});
