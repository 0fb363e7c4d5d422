import assert from 'node:assert/strict';
import { summaryTable } from '../../src/cli/table.js';
import { simulate } from '../../src/experiments/simulate.js';

const task = { name: 'linreg', features: 3, samples: 400, validationSize: 40, testSize: 40 } as const;
const base = { task, mode: 'sync', workers: 5, steps: 10, evalEvery: 10, optimizer: { lr: 0.05, batchSize: 8 } } as const;

describe('selection is not rejection (sync selection rules)', () => {
  it('Krum with no attack: 1 accepted and 4 unselected per round, FP rate 0 (was reported as 80%)', async () => {
    const r = await simulate({ ...base, policy: { name: 'krum', f: 1 } }, { threads: 0 });
    assert.equal(r.summary.arrivals.accepted, 10);
    assert.equal(r.summary.arrivals.unselected, 40);
    assert.equal(r.summary.arrivals.rejected, 0);
    assert.equal(r.summary.arrivals.falsePositiveRate, 0);
    assert.ok(r.records.filter((x) => !x.decision.accepted).every((x) => x.decision.reason === 'unselected'));
    const row = summaryTable([r.summary]).split('\n').find((l) => l.includes(r.summary.name))!;
    assert.match(summaryTable([r.summary]), /unselected/);
    assert.match(row, /│ 0\.0% /);
  });

  it('a non-finite vector is still a rejection, and Zeno’s low scores still are', async () => {
    const krum = await simulate({ ...base, policy: { name: 'multi-krum', f: 1 }, byzantine: { count: 1, attack: { name: 'non-finite' } } }, { threads: 0 });
    assert.equal(krum.summary.arrivals.rejectedBy['non-finite'], 10);
    assert.equal(krum.summary.arrivals.falseNegativeRate, 0);
    const zeno = await simulate({ ...base, policy: { name: 'zeno', b: 2, validationBatch: 8 } }, { threads: 0 });
    assert.equal(zeno.summary.arrivals.rejectedBy.score, 20);
    assert.equal(zeno.summary.arrivals.unselected, 0);
  });
});
