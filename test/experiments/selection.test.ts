import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summaryTable } from '../../src/cli/table.js';
import { simulate } from '../../src/experiments/simulate.js';
import { writeStudyTable } from '../../src/experiments/study.js';
import { runSweep } from '../../src/experiments/sweep.js';

/** The first data row of a CSV written by byzsim (no quoted commas in the columns read here), by column name. */
function firstRow(file: string): Record<string, string> {
  const [header, row] = readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(','));
  return Object.fromEntries(header!.map((name, i) => [name, row![i]!]));
}

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

  it('study.csv and sweep.csv count unselected vectors in their own column, not in rejected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'byzsim-selection-'));
    try {
      const config = { ...base, name: 'krum-csv', policy: { name: 'krum', f: 1 } };
      await writeStudyTable(dir, [await simulate(config, { threads: 0 })]);
      await runSweep({ name: 'krum-csv', base: config, grid: { 'policy.f': [1] }, seeds: [1] }, join(dir, 'sweep'), { threads: 0 });
      for (const csv of [join(dir, 'study.csv'), join(dir, 'sweep', 'sweep.csv')]) {
        const row = firstRow(csv);
        assert.deepEqual([row.accepted, row.rejected, row.unselected, row.false_positive_rate], ['10', '0', '40', '0'], csv);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
