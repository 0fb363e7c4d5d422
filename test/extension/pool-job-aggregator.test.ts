import assert from 'node:assert/strict';
import { Registries } from '../../src/config/registries.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { catalogue } from '../../src/experiments/catalogue.js';
import { simulate } from '../../src/experiments/simulate.js';
import { lossRank } from '../fixtures/extension/loss-rank-aggregator.js';

describe('extension: a sync aggregator that needs pool jobs is one file plus one registry line', function () {
  this.timeout(120_000);
  const registries = new Registries().registerAggregator('loss-rank', lossRank);
  const base = {
    task: { name: 'linreg', features: 4, samples: 600, validationSize: 80, testSize: 80 },
    mode: 'sync',
    workers: 6,
    steps: 30,
    evalEvery: 30,
    optimizer: { lr: 0.05 },
    byzantine: { count: 2, attack: { name: 'sign-flip', scale: 4 } },
  } as const;

  it('is listed and refuses a bad parameter by field, before any work', () => {
    assert.match(catalogue(registries), /loss-rank\n.*test fixture/);
    assert.throws(() => resolveConfig({ ...base, policy: { name: 'loss-rank', batch: 0 } }, registries), /policy\.batch/);
    assert.throws(() => resolveConfig({ ...base, policy: { name: 'loss-rank', drop: 6 } }, registries), /policy\.drop: expected drop < n/);
    assert.ok(!Object.hasOwn(new Registries().aggregators, 'loss-rank'), 'another instance does not see the name');
  });

  it('rejects the sign-flipped vectors by their trial loss, which the mean accepts', async () => {
    const ranked = await simulate({ ...base, policy: { name: 'loss-rank', drop: 2 } }, { threads: 0, registries });
    const byzantine = ranked.records.filter((r) => r.byzantine);
    assert.equal(byzantine.length, 60);
    for (const r of byzantine) assert.deepEqual([r.decision.accepted, r.decision.reason], [false, 'score'], `arrival ${r.arrival}`);
    // Each logged score is the trial loss the pool computed: a flipped vector's is above every kept one of its round.
    for (let round = 0; round < 30; round++) {
      const rows = ranked.records.slice(6 * round, 6 * round + 6);
      const worstKept = Math.max(...rows.filter((r) => r.decision.accepted).map((r) => r.decision.score));
      for (const r of rows.filter((x) => x.byzantine)) assert.ok(r.decision.score > worstKept, `round ${round}: ${r.decision.score} vs ${worstKept}`);
    }
    const mean = await simulate({ ...base, policy: { name: 'mean' } }, { threads: 0, registries });
    assert.ok(mean.records.every((r) => r.decision.accepted), 'the mean takes every vector');
    assert.ok(ranked.summary.final.testLoss < mean.summary.final.testLoss / 2, `loss-rank ${ranked.summary.final.testLoss} vs mean ${mean.summary.final.testLoss}`);
  });

  it('gives the same bits inline and on a pool of 2 threads (jobs finish in any order)', async () => {
    const config = { ...base, policy: { name: 'loss-rank', drop: 2, batch: 32 } };
    const inline = await simulate(config, { threads: 0, registries });
    const pooled = await simulate(config, { threads: 2, registries });
    assert.deepEqual(
      { trace: pooled.summary.traceHash, model: pooled.summary.modelHash },
      { trace: inline.summary.traceHash, model: inline.summary.modelHash },
    );
  });
});
