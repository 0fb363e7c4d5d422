import assert from 'node:assert/strict';
import { simulate } from '../../src/experiments/simulate.js';

const task = { name: 'linreg', features: 4, samples: 600, validationSize: 50, testSize: 50 } as const;

describe('minmax and minsum in a run', function () {
  this.timeout(60_000);
  it('sync, omniscient: every Byzantine worker of a round sends the same vector, the run is the same across pool sizes', async () => {
    const config = {
      task,
      mode: 'sync',
      workers: 9,
      byzantine: { count: 3, attack: { name: 'minmax', direction: 'std' } },
      policy: { name: 'mean' },
      optimizer: { lr: 0.05, batchSize: 16 },
      steps: 15,
      evalEvery: 15,
    } as const;
    const a = await simulate(config, { threads: 0 });
    const b = await simulate(config, { threads: 2 });
    assert.equal(a.summary.modelHash, b.summary.modelHash);
    assert.equal(a.summary.arrivals.byzantine, 45);
    const c = await simulate({ ...config, byzantine: { count: 3, attack: { name: 'minsum' } }, policy: { name: 'krum', f: 3 } }, { threads: 0 });
    assert.ok(c.finalParams.every(Number.isFinite));
  });
});
