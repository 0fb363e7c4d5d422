import assert from 'node:assert/strict';
import { z } from 'zod';
import { catalogue } from '../../src/experiments/catalogue.js';
import { simulate } from '../../src/experiments/simulate.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { Registries } from '../../src/config/registries.js';

describe('timing registry', function () {
  this.timeout(60_000);

  // A custom timing model in one object: every worker's push arrives `gap` ticks after its pull, on the latest model.
  const registries = new Registries();
  before(() => {
    registries.registerTiming('fixed-gap', {
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
    assert.equal(resolveConfig({ timing: { model: 'fixed-gap' }, task: 'linreg' }, registries).timing.gap, 3);
    assert.match(catalogue(registries), /fixed-gap\n.*test fixture/);
    const { records } = await simulate({ task: 'linreg', workers: 2, steps: 6, timing: { model: 'fixed-gap', gap: 4 } }, { threads: 0, registries });
    // worker 0 every 4 ticks, worker 1 every 5: arrivals at 4, 5, 8, 10, 12, 15.
    assert.deepEqual(records.map((r) => [r.time, r.worker]), [[4, 0], [5, 1], [8, 0], [10, 1], [12, 0], [15, 1]]);
    const sync = await simulate({ task: 'linreg', workers: 2, steps: 2, mode: 'sync', policy: { name: 'mean' }, timing: { model: 'fixed-gap', gap: 2 } }, { threads: 0, registries });
    assert.deepEqual(sync.records.map((r) => r.time), [3, 3, 6, 6]);
  });

  it('rejects an unknown model naming the registered ones, and bad parameters by field', () => {
    assert.throws(() => resolveConfig({ timing: { model: 'warp' } }, registries), /timing\.model: unknown timing model "warp"; expected one of bounded, latency, scripted, replay, fixed-gap/);
    assert.throws(() => resolveConfig({ timing: { model: 'fixed-gap', gap: 0 } }, registries), /timing\.gap/);
    assert.throws(() => resolveConfig({ workers: 1, timing: { model: 'fixed-gap', gap: 5000 } }, registries), /timing\.gap: too large/);
  });
});
