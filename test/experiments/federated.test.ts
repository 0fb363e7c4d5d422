import assert from 'node:assert/strict';
import { defaultRegistries } from '../../src/config/registries.js';
import type { RunConfigInput } from '../../src/config/schema.js';
import { eventLog } from '../../src/experiments/results.js';
import { simulate } from '../../src/experiments/simulate.js';

/** The `sent` column of a run's events.csv, as written. */
const sentColumn = (result: Parameters<typeof eventLog>[0]): string[] => {
  const [header, ...rows] = eventLog(result).trim().split('\n');
  const at = header.split(',').indexOf('sent');
  return rows.map((row) => row.split(',')[at]);
};

/** Parameters each registered rule needs on 6 workers (f = 1); a rule missing here fails the 'every rule' tests. */
const syncParams: Record<string, Record<string, unknown>> = {
  mean: {}, median: {}, 'trimmed-mean': { b: 1 }, 'geometric-median': {}, krum: { f: 1 }, 'multi-krum': { f: 1 }, bulyan: { f: 0 },
  'centered-clipping': {}, meamed: { f: 1 }, mda: { f: 1 }, monna: { f: 1, idx: 5 }, caf: { f: 1 }, smea: { f: 1 }, fltrust: { validationBatch: 16 },
  zeno: { b: 1, validationBatch: 16 },
};
const asyncParams: Record<string, Record<string, unknown>> = {
  'async-sgd': {}, 'zeno++': { validationBatch: 16 }, kardam: { f: 1, frequency: true }, buffered: { size: 3 }, fedasync: {}, fedbuff: { size: 3 }, basgd: {},
  'server-only': { validationBatch: 16 },
};
const small = { name: 'linreg', features: 4, samples: 600, validationSize: 50, testSize: 50 } as const;

const base: RunConfigInput = {
  task: { name: 'linreg' },
  workers: 6,
  timing: { model: 'bounded', maxDelay: 3 },
  steps: 240,
  evalEvery: 80,
  seed: 5,
};
const signFlip = { count: 1, attack: { name: 'sign-flip', scale: 10 } } as const;

describe('federated workers (local training)', function () {
  this.timeout(120_000);

  it('send updates: the event log says so, and the trace differs from one-gradient workers', async () => {
    const one = await simulate({ ...base, steps: 30 }, { threads: 0 });
    const three = await simulate({ ...base, steps: 30, local: { steps: 3 } }, { threads: 0 });
    assert.deepEqual(new Set(sentColumn(one)), new Set(['gradient']));
    assert.deepEqual(new Set(sentColumn(three)), new Set(['update']));
    assert.equal(sentColumn(three).length, 30);
    assert.notEqual(one.summary.traceHash, three.summary.traceHash);
  });

  it('Byzantine workers craft from their update: sign-flip ×1 of a 3-step update mirrors the honest step', async () => {
    const one: RunConfigInput = {
      task: small, workers: 1, steps: 1, evalEvery: 10, timing: { model: 'bounded', maxDelay: 0 }, local: { steps: 3, lr: 0.05 }, optimizer: { lr: 0.05 }, seed: 4,
    };
    const run = async (config: RunConfigInput) => (await simulate(config, { threads: 0 })).finalParams;
    const attacked = (name: string, extra = {}) => run({ ...one, byzantine: { count: 1, attack: { name, ...extra } as NonNullable<RunConfigInput['byzantine']>['attack'] } });
    const [honest, flipped, zero, gradient] = [await run(one), await attacked('sign-flip', { scale: 1 }), await attacked('zero'), await run({ ...one, local: { steps: 1 } })];
    // x0 is where the zero attack leaves the model; the flipped step is the honest one reflected through it.
    for (let i = 0; i < honest.length; i++) assert.equal(flipped[i] - zero[i], -(honest[i] - zero[i]), `coordinate ${i}`);
    assert.notDeepEqual([...honest], [...zero]);
    assert.notDeepEqual([...honest], [...gradient]);
  });

  for (const [mode, table, registered] of [
    ['sync', syncParams, defaultRegistries.aggregators],
    ['async', asyncParams, defaultRegistries.filters],
  ] as const) {
    it(`every ${mode} rule accepts updates (2 local steps): it trains, and the log says 'update'`, async () => {
      assert.deepEqual(Object.keys(table).sort(), Object.keys(registered).sort(), 'a registered rule has no entry in this test');
      for (const [name, params] of Object.entries(table)) {
        const config: RunConfigInput = {
          task: small, workers: 6, mode, policy: { name, ...params } as RunConfigInput['policy'], local: { steps: 2, lr: 0.05 },
          optimizer: { lr: 0.05, batchSize: 8 }, timing: { model: 'bounded', maxDelay: 2 }, steps: mode === 'sync' ? 8 : 48, evalEvery: 100, seed: 2,
        };
        const r = await simulate(config, { threads: 0 });
        assert.deepEqual(new Set(sentColumn(r)), new Set(['update']), name);
        const [first, last] = [r.evaluations[0].loss, r.evaluations.at(-1)!.loss];
        assert.ok(r.summary.final.version > 0 && last < first, `${name}: ${r.summary.final.version} updates, test loss ${first} -> ${last}`);
      }
    });
  }

  for (const policy of [
    { name: 'kardam', f: 1, frequency: true },
    { name: 'async-sgd', dampening: 'staleness-aware' },
    { name: 'fedasync', staleness: { name: 'hinge', a: 10, b: 1 } },
    { name: 'zeno++', dampening: { name: 'polynomial', a: 1 } },
  ] as const) {
    it(`are deterministic across pool sizes (${JSON.stringify(policy)})`, async () => {
      const config: RunConfigInput = { ...base, steps: 60, local: { steps: 3, lr: 0.05 }, policy, byzantine: signFlip };
      const [a, b] = [await simulate(config, { threads: 0 }), await simulate(config, { threads: 2 })];
      assert.equal(a.summary.traceHash, b.summary.traceHash);
      assert.equal(a.summary.modelHash, b.summary.modelHash);
    });
  }

  for (const policy of [{ name: 'fedasync' }, { name: 'fedbuff', size: 3 }, { name: 'basgd' }] as const) {
    it(`are deterministic across pool sizes (${policy.name})`, async () => {
      const config: RunConfigInput = { ...base, steps: 60, local: { steps: 4, lr: 0.05 }, policy, byzantine: signFlip };
      const [a, b] = [await simulate(config, { threads: 0 }), await simulate(config, { threads: 2 })];
      assert.equal(a.summary.traceHash, b.summary.traceHash);
      assert.equal(a.summary.modelHash, b.summary.modelHash);
    });
  }

  for (const policy of [{ name: 'fedasync' }, { name: 'fedbuff', size: 3 }, { name: 'basgd' }, { name: 'zeno++' }] as const) {
    it(`train with ${policy.name} and 3 local steps (test loss falls by 10x from the initial model)`, async () => {
      const { evaluations } = await simulate({ ...base, local: { steps: 3 }, policy }, { threads: 0 });
      assert.ok(evaluations.at(-1)!.loss < evaluations[0].loss / 10, `${policy.name}: ${evaluations[0].loss} -> ${evaluations.at(-1)!.loss}`);
    });
  }

  it("FedBuff is buffered with the mean and FedBuff's dampening: the same run bit for bit, and not the undampened one", async () => {
    const run = async (policy: RunConfigInput['policy']) => (await simulate({ ...base, steps: 60, local: { steps: 3 }, policy, byzantine: signFlip }, { threads: 0 })).summary;
    const fedbuff = await run({ name: 'fedbuff', size: 3 });
    const buffered = await run({ name: 'buffered', size: 3, aggregator: { name: 'mean' }, dampening: { name: 'polynomial', a: 0.5 } });
    const plain = await run({ name: 'buffered', size: 3, aggregator: { name: 'mean' } });
    assert.deepEqual([fedbuff.traceHash, fedbuff.modelHash], [buffered.traceHash, buffered.modelHash]);
    assert.notEqual(plain.modelHash, fedbuff.modelHash);
  });

  it('BASGD (median of buffers) survives one sign-flipping worker ×10 that FedAsync lets through', async () => {
    const run = async (policy: RunConfigInput['policy']) => (await simulate({ ...base, local: { steps: 3 }, policy, byzantine: signFlip }, { threads: 0 })).evaluations.at(-1)!.loss;
    const [fedasync, basgd] = [await run({ name: 'fedasync' }), await run({ name: 'basgd', buffers: 3 })];
    assert.ok(basgd < 0.1 && fedasync > 100 * basgd, `basgd ${basgd}, fedasync ${fedasync}`);
  });
});
