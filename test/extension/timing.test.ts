import assert from 'node:assert/strict';
import { Registries } from '../../src/config/registries.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { catalogue } from '../../src/experiments/catalogue.js';
import { simulate } from '../../src/experiments/simulate.js';
import { lag } from '../fixtures/extension/lag-timing.js';

describe('extension: a timing model is one file plus one registry line', function () {
  this.timeout(60_000);
  const registries = new Registries().registerTiming('lag', lag);

  it('is listed, and its parameters and issues are checked by field', () => {
    assert.match(catalogue(registries), /lag\n.*test fixture/);
    assert.equal(resolveConfig({ task: 'linreg', timing: { model: 'lag' } }, registries).timing.lag, 2);
    assert.throws(() => resolveConfig({ task: 'linreg', timing: { model: 'lag', lag: -1 } }, registries), /timing\.lag/);
    assert.throws(() => resolveConfig({ task: 'linreg', steps: 3, timing: { model: 'lag', lag: 3 } }, registries), /timing\.lag: expected fewer than steps \(3\)/);
    assert.throws(() => resolveConfig({ task: 'linreg', timing: { model: 'lag' } }), /unknown timing model "lag"/);
  });

  it('produces the staleness it scripts in asynchronous mode', async () => {
    for (const k of [0, 3]) {
      const { records } = await simulate({ task: 'linreg', workers: 3, steps: 12, timing: { model: 'lag', lag: k } }, { threads: 0, registries });
      assert.deepEqual(
        records.map((r) => r.staleness),
        records.map((r) => Math.min(k, r.arrival)),
        `lag ${k}`,
      );
      assert.deepEqual(records.map((r) => r.worker), records.map((r) => r.arrival % 3));
      assert.deepEqual(records.map((r) => r.time), records.map((r) => r.arrival + 1));
    }
  });

  it('times synchronous rounds', async () => {
    const { records } = await simulate({ task: 'linreg', workers: 2, steps: 3, mode: 'sync', policy: { name: 'mean' }, timing: { model: 'lag', lag: 2 } }, { threads: 0, registries });
    assert.deepEqual(records.map((r) => r.time), [3, 3, 6, 6, 9, 9]);
  });
});
