import assert from 'node:assert/strict';
import { simulate } from '../../../src/experiments/simulate.js';

const task = { name: 'linreg', features: 3, samples: 400, validationSize: 40, testSize: 40 } as const;
const base = { task, mode: 'async', workers: 5, optimizer: { lr: 0.05, batchSize: 8 }, steps: 60, evalEvery: 60, seed: 3, policy: { name: 'server-only', refreshEvery: 4, validationBatch: 8 } } as const;

describe('server-only', () => {
  for (const attack of ['non-finite', 'omission'] as const) {
    it(`steps exactly at arrivals 0, K, 2K, … (where the validator refreshes) under ${attack}, which it gets as screened arrivals`, async () => {
      const r = await simulate({ ...base, byzantine: { count: 2, attack: { name: attack } } }, { threads: 0 });
      const steps = r.records.filter((x) => x.decision.accepted || x.decision.serverStep).map((x) => x.arrival);
      assert.deepEqual(steps, Array.from({ length: 15 }, (_, i) => 4 * i));
      // The model version moves exactly on those arrivals.
      assert.deepEqual(r.records.filter((x, i) => x.serverVersion !== (i === 0 ? 0 : r.records[i - 1].serverVersion)).map((x) => x.arrival), steps);
      // Some of those steps fell on a Byzantine arrival: it stays rejected (never accepted), the step is the server's.
      assert.ok(r.records.some((x) => x.byzantine && x.decision.serverStep && !x.decision.accepted), 'a step on a screened arrival');
      assert.ok(r.records.every((x) => !(x.byzantine && x.decision.accepted)));
      assert.ok(r.records.every((x) => x.decision.accepted || x.decision.reason === (x.byzantine ? (attack === 'omission' ? 'omitted' : 'non-finite') : 'score')));
      assert.ok(Number.isFinite(r.summary.final.testLoss));
    });
  }
});
