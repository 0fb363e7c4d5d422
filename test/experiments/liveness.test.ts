import assert from 'node:assert/strict';
import { summaryTable } from '../../src/cli/table.js';
import { simulate } from '../../src/experiments/simulate.js';

const task = { name: 'linreg', features: 4, samples: 600, validationSize: 50, testSize: 50, noise: 0.1 } as const;
const base = { task, workers: 10, optimizer: { lr: 0.05, batchSize: 8 }, evalEvery: 10, seed: 6 } as const;
const steps = 12;

/** Sync rules with their budget at f = 3 of 10 workers (Bulyan needs n ≥ 4f + 3, so f = 1 there). */
const syncRules = [
  { policy: { name: 'krum', f: 3 }, byzantine: 3 },
  { policy: { name: 'multi-krum', f: 3 }, byzantine: 3 },
  { policy: { name: 'trimmed-mean', b: 3 }, byzantine: 3 },
  { policy: { name: 'meamed', f: 3 }, byzantine: 3 },
  { policy: { name: 'bulyan', f: 1 }, byzantine: 1 },
  { policy: { name: 'zeno', b: 3, validationBatch: 8 }, byzantine: 3 },
  { policy: { name: 'median' }, byzantine: 3 },
  { policy: { name: 'geometric-median' }, byzantine: 3 },
  { policy: { name: 'centered-clipping' }, byzantine: 3 },
  { policy: { name: 'mda', f: 3 }, byzantine: 3 },
  // MoNNA trusts worker 9, honest (the Byzantine workers are the lowest ids): its premise.
  { policy: { name: 'monna', f: 3, idx: 9 }, byzantine: 3 },
  { policy: { name: 'caf', f: 3 }, byzantine: 3 },
  { policy: { name: 'smea', f: 3 }, byzantine: 3 },
  { policy: { name: 'fltrust', validationBatch: 16 }, byzantine: 3 },
  { policy: { name: 'krum', f: 3, pre: [{ name: 'arc', f: 3 }, { name: 'nnm', f: 3 }] }, byzantine: 3 },
  { policy: { name: 'median', pre: [{ name: 'clipping', c: 1 }, { name: 'bucketing', s: 2 }] }, byzantine: 3 },
] as const;

describe('liveness: up to f non-finite or silent senders never stall training', function () {
  this.timeout(120_000);

  for (const attack of ['non-finite', 'omission'] as const) {
    it(`sync, ${attack} from f of 10 workers: every round applies an update, for every rule`, async () => {
      for (const { policy, byzantine } of syncRules) {
        const r = await simulate({ ...base, mode: 'sync', steps, policy, byzantine: { count: byzantine, attack: { name: attack } } }, { threads: 0 });
        assert.equal(r.summary.skipped, 0, `${policy.name} skipped ${r.summary.skipped} rounds`);
        assert.equal(r.summary.final.version, steps, `${policy.name}: ${r.summary.final.version} updates in ${steps} rounds`);
        assert.ok(Number.isFinite(r.summary.final.testLoss), policy.name);
      }
    });
  }

  it('async buffered Krum (B = 10, f = 3) under non-finite and omission: no flush is skipped', async () => {
    for (const attack of ['non-finite', 'omission'] as const) {
      const r = await simulate(
        { ...base, mode: 'async', steps: 60, policy: { name: 'buffered', aggregator: { name: 'krum', f: 3 } }, byzantine: { count: 3, attack: { name: attack } } },
        { threads: 0 },
      );
      assert.equal(r.summary.skipped, 0, attack);
      // Only honest arrivals fill the buffer: 42 of the 60 arrivals are honest (7 of 10 workers), 4 full buffers.
      assert.ok(r.summary.final.version >= 4, `${attack}: ${r.summary.final.version} updates`);
    }
  });

  it('reports skipped rounds in the summary and the table when a round cannot be aggregated', async () => {
    // 4 non-finite senders with f = 3: Krum is left 6 vectors with f′ = 0, still enough. With 9 of 10 non-finite
    // only one vector remains and Krum (n > 2) cannot run: every round is skipped, and the output says so.
    const r = await simulate({ ...base, mode: 'sync', steps: 5, policy: { name: 'krum', f: 3 }, byzantine: { count: 9, attack: { name: 'non-finite' } } }, { threads: 0 });
    assert.equal(r.summary.skipped, 5);
    assert.equal(r.summary.final.version, 0);
    const table = summaryTable([r.summary]);
    assert.match(table, /skipped/);
    assert.match(table.split('\n').find((l) => l.includes(r.summary.name))!, /│ 5 /);
  });
});
