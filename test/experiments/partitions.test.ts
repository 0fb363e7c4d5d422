import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/config/resolve.js';
import { ConfigError } from '../../src/core/errors.js';
import { simulate } from '../../src/experiments/simulate.js';

const linreg = { name: 'linreg', features: 4, samples: 600, validationSize: 50, testSize: 50 } as const;

describe('data partitions in a run', function () {
  this.timeout(60_000);

  it('a Dirichlet split is seeded, recorded in the summary, and covers the Byzantine workers too (sync)', async () => {
    const config = {
      task: { name: 'mnist-softmax', validationSize: 100, testSize: 200 },
      mode: 'sync',
      workers: 6,
      byzantine: { count: 2, attack: { name: 'label-flip' } },
      policy: { name: 'median' },
      data: { partition: { name: 'dirichlet', alpha: 0.1 } },
      optimizer: { batchSize: 8 },
      steps: 3,
      evalEvery: 3,
    } as const;
    const a = await simulate(config, { threads: 0 });
    const b = await simulate(config, { threads: 0 });
    assert.equal(a.summary.data.partition, 'dirichlet(alpha=0.1)');
    assert.equal(a.summary.data.shardSizes.length, 6);
    assert.equal(a.summary.data.shardSizes.reduce((x, y) => x + y, 0), 10000 - 300);
    assert.equal(a.summary.data.labelCounts!.length, 6, 'Byzantine workers 0 and 1 hold shards of the same split');
    assert.deepEqual(a.summary.data, b.summary.data);
    assert.equal(a.summary.traceHash, b.summary.traceHash);
    const iid = await simulate({ ...config, data: undefined }, { threads: 0 });
    assert.notEqual(iid.summary.modelHash, a.summary.modelHash);
    assert.equal(iid.summary.data.partition, 'iid');
    assert.equal(iid.summary.data.labelCounts, undefined);
  });

  it('extreme shards and lognormal sizes run in async mode and are the same across pool sizes', async () => {
    const config = {
      task: linreg,
      workers: 5,
      data: { partition: { name: 'extreme' }, sizes: { name: 'lognormal', sigma: 0.5 } },
      optimizer: { batchSize: 16, lr: 0.05 },
      steps: 40,
      evalEvery: 20,
    } as const;
    const a = await simulate(config, { threads: 0 });
    const b = await simulate(config, { threads: 1 });
    assert.equal(a.summary.traceHash, b.summary.traceHash);
    assert.equal(a.summary.modelHash, b.summary.modelHash);
    assert.equal(new Set(a.summary.data.shardSizes).size > 1, true, `sizes ${a.summary.data.shardSizes}`);
    assert.match(a.summary.data.partition, /^extreme sizes=lognormal\(sigma=0\.5\)$/);
  });

  it('rejects a split that cannot be made, naming the field, before any work', () => {
    const bad = (data: unknown, rest: object = {}) => () => resolveConfig({ task: linreg, data, ...rest });
    assert.throws(bad({ partition: { name: 'dirichlet', alpha: 1 } }), (e: unknown) => e instanceof ConfigError && /data\.partition\.name: "dirichlet" splits by class label/.test(e.message));
    assert.throws(bad({ partition: { name: 'dirichlet' } }, { task: 'mnist-softmax' }), /data\.partition\.alpha/);
    assert.throws(bad({ partition: { name: 'dirichlet', alpha: 1 }, sizes: { name: 'lognormal', sigma: 1 } }, { task: 'mnist-softmax' }), /data\.sizes\.name: partition "dirichlet" decides its own shard sizes/);
    assert.throws(bad({ sizes: { name: 'weights', weights: [1, 2] } }), /data\.sizes\.weights: expected one weight per worker \(10\), got 2/);
    assert.throws(bad({ partition: { name: 'sorted' } }), /data\.partition\.name: unknown partition "sorted"/);
  });
});
