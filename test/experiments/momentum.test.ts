import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/config/resolve.js';
import { simulate } from '../../src/experiments/simulate.js';

const task = { name: 'linreg', features: 4, samples: 600, validationSize: 50, testSize: 50 } as const;
const base = { task, optimizer: { lr: 0.02, batchSize: 16 }, evalEvery: 40, steps: 40 } as const;

describe('momentum in a run', function () {
  this.timeout(60_000);

  for (const mode of ['sync', 'async'] as const) {
    it(`${mode}: with one worker, heavy-ball worker momentum and server momentum give the same model, bit for bit`, async () => {
      const one = { ...base, mode, workers: 1, policy: { name: mode === 'sync' ? 'mean' : 'async-sgd' } };
      const worker = await simulate({ ...one, optimizer: { ...base.optimizer, momentum: { worker: 0.9, workerForm: 'heavy-ball' } } }, { threads: 0 });
      const server = await simulate({ ...one, optimizer: { ...base.optimizer, momentum: { server: 0.9 } } }, { threads: 0 });
      const plain = await simulate(one, { threads: 0 });
      assert.equal(worker.summary.modelHash, server.summary.modelHash);
      assert.notEqual(plain.summary.modelHash, server.summary.modelHash);
    });
  }

  it('worker momentum (ema) under sign-flip: deterministic across pool sizes, converges with the median', async () => {
    const config = {
      ...base,
      mode: 'sync',
      workers: 9,
      steps: 80,
      evalEvery: 80,
      byzantine: { count: 2, attack: { name: 'sign-flip', scale: 10 } },
      policy: { name: 'median' },
      optimizer: { ...base.optimizer, lr: 0.05, momentum: { worker: 0.9 } },
    } as const;
    const a = await simulate(config, { threads: 0 });
    const b = await simulate(config, { threads: 2 });
    assert.equal(a.summary.modelHash, b.summary.modelHash);
    assert.ok(a.summary.final.testLoss < 0.1, `loss ${a.summary.final.testLoss}`);
  });

  it('leaves configs without momentum unchanged, and names bad β', () => {
    assert.equal(resolveConfig({}).optimizer.momentum, undefined);
    assert.deepEqual(resolveConfig({ optimizer: { momentum: { server: 0.5 } } }).optimizer.momentum, { server: 0.5, worker: 0, workerForm: 'ema' });
    assert.throws(() => resolveConfig({ optimizer: { momentum: { worker: 1 } } }), /optimizer\.momentum\.worker/);
    assert.throws(() => resolveConfig({ optimizer: { momentum: { beta: 0.9 } } }), /optimizer\.momentum\.beta/);
  });
});
