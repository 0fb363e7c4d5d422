import assert from 'node:assert/strict';
import { z } from 'zod';
import { catalogue } from '../../src/experiments/catalogue.js';
import { simulate } from '../../src/experiments/simulate.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { registerTiming, timings } from '../../src/timing/registry.js';

describe('timing registry', function () {
  this.timeout(60_000);

  // A custom timing model in one object: every worker's push arrives `gap` ticks after its pull, on the latest model.
  before(() => {
    if (Object.hasOwn(timings, 'fixed-gap')) return;
    registerTiming('fixed-gap', {
      params: z.strictObject({ gap: z.int().positive().default(3) }),
      issues: ({ gap }, { workers }) => (gap > 1000 * workers ? [{ path: 'gap', message: 'too large' }] : []),
      pulls: ({ gap }, { workers }) => ({
        keepVersions: 1,
        initial: (h) => Array.from({ length: workers }, (_, w) => [w, { version: h.latest, delay: gap + w }] as [number, { version: number; delay: number }]),
        afterArrival: (w, _a, h) => [[w, { version: h.latest, delay: gap + w }]],
      }),
      rounds: ({ gap }, { workers }) => () => Array.from({ length: workers }, (_, w) => ({ delay: gap + w })),
      summary: 'every push arrives gap + worker ticks after its pull (test fixture)',
      usage: '{"model": "fixed-gap", "gap": 3}',
    });
  });

  it('a registered timing model is configurable by name, listed, and drives the run', async () => {
    assert.equal(resolveConfig({ timing: { model: 'fixed-gap' }, task: 'linreg' }).timing.gap, 3);
    assert.match(catalogue(), /fixed-gap\n.*test fixture/);
    const { records } = await simulate({ task: 'linreg', workers: 2, steps: 6, timing: { model: 'fixed-gap', gap: 4 } }, { threads: 0 });
    // worker 0 every 4 ticks, worker 1 every 5: arrivals at 4, 5, 8, 10, 12, 15.
    assert.deepEqual(records.map((r) => [r.time, r.worker]), [[4, 0], [5, 1], [8, 0], [10, 1], [12, 0], [15, 1]]);
    const sync = await simulate({ task: 'linreg', workers: 2, steps: 2, mode: 'sync', policy: { name: 'mean' }, timing: { model: 'fixed-gap', gap: 2 } }, { threads: 0 });
    assert.deepEqual(sync.records.map((r) => r.time), [3, 3, 6, 6]);
  });

  it('rejects an unknown model naming the registered ones, and bad parameters by field', () => {
    assert.throws(() => resolveConfig({ timing: { model: 'warp' } }), /timing\.model: unknown timing model "warp"; expected one of bounded, latency/);
    assert.throws(() => resolveConfig({ timing: { model: 'fixed-gap', gap: 0 } }), /timing\.gap/);
    assert.throws(() => resolveConfig({ workers: 1, timing: { model: 'fixed-gap', gap: 5000 } }), /timing\.gap: too large/);
  });
});
