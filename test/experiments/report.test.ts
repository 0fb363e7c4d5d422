import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultStudy } from '../../src/experiments/default-study.js';
import { writeReport } from '../../src/experiments/report.js';
import { runStudy, writeStudyTable } from '../../src/experiments/study.js';
import { runSweep } from '../../src/experiments/sweep.js';
import type { SweepSpec } from '../../src/experiments/sweep-spec.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'byzsim-report-'));
const options = { threads: 0, concurrency: 4 };
const tinyMnist = { name: 'mnist-mlp', hidden: [8], testSize: 200, validationSize: 100 };
const linreg = { name: 'linreg', features: 3, samples: 300, validationSize: 30, testSize: 30 };

/** The report table's body rows as cells: [label, n, accuracy, loss, FP, FN, staleness]. */
const tableRows = (dir: string) =>
  readFileSync(join(dir, 'report.md'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| cell '))
    .map((l) => l.slice(2, -2).split(' | '));
/** Lines drawn in the accuracy-vs-updates chart (vega draws one path per series). */
const chartLines = (dir: string) => (readFileSync(join(dir, 'accuracy-vs-updates.svg'), 'utf8').match(/class="mark-line role-mark/g) ?? []).length;

describe('reports', function () {
  this.timeout(180_000);

  it('of examples/staleness-sweep.json: one line and one table row per cell, n = number of seeds, rows in grid order', async () => {
    const example = JSON.parse(readFileSync('examples/staleness-sweep.json', 'utf8')) as { base: Record<string, unknown> } & SweepSpec;
    const dir = fresh();
    await runSweep({ ...example, base: { ...example.base, task: tinyMnist, steps: 20, evalEvery: 10 } }, dir, options);
    await writeReport(dir);
    const rows = tableRows(dir);
    assert.deepEqual(
      rows.map((r) => r[0]),
      [5, 10, 15, 20].flatMap((d) => [`timing.maxDelay=${d}, policy=async-sgd`, `timing.maxDelay=${d}, policy=zeno++`]),
    );
    for (const r of rows) {
      assert.equal(r[1], '2');
      assert.match(r[2], /^\d+\.\d ± \d+\.\d$/);
    }
    assert.equal(chartLines(dir), 8);
  });

  it('of two study seeds: one row per run name with n = 2; a later study into the same folder reports its own runs and says so', async () => {
    const small = (seed: number) => defaultStudy(seed).map((c) => ({ ...c, task: tinyMnist, steps: 20, evalEvery: 10 }));
    const both = fresh();
    await writeStudyTable(both, await runStudy([...small(1), ...small(2)], { ...options, outDir: both }));
    const study = readFileSync(join(both, 'study.csv'), 'utf8');
    assert.match(study, /^folder,name,/);
    assert.doesNotMatch(study, /NaN/); // undefined rates (no Byzantine arrivals) are empty, as in sweep.csv
    await writeReport(both);
    assert.deepEqual(tableRows(both).map((r) => [r[0], r[1]]), defaultStudy(1).map((c) => [c.name, '2']));
    assert.equal(chartLines(both), 4);

    // `npm start -- --seed 2` after seed 1, into one folder: the report covers the study.csv of seed 2 only.
    const again = fresh();
    await writeStudyTable(again, await runStudy(small(1), { ...options, outDir: again }));
    await writeStudyTable(again, await runStudy(small(2), { ...options, outDir: again }));
    const { notes } = await writeReport(again);
    const rows = tableRows(again);
    assert.deepEqual(rows.map((r) => r[1]), ['1', '1', '1', '1']);
    for (const r of rows) assert.doesNotMatch(r.join(' '), /±/); // one run: its value, not "± 0.0"
    assert.deepEqual(notes, [`4 other run folder(s) in ${again} are not in ${join(again, 'study.csv')} (an earlier study?) and are left out`]);
    assert.match(readFileSync(join(again, 'report.md'), 'utf8'), /- 4 other run folder\(s\)/);
  });

  it('separate cells that differ in any field (an aggregator inside a rule, a rule parameter), and report only the sweep its CSV names', async () => {
    const dir = fresh();
    const base = { task: linreg, workers: 4, steps: 20, evalEvery: 10 };
    await runSweep({ base, grid: { 'timing.maxDelay': [3, 1] }, seeds: [1] }, dir, options); // an earlier sweep into the same folder
    await runSweep(
      {
        base,
        grid: {
          policy: [
            { name: 'buffered', aggregator: { name: 'mean' } },
            { name: 'buffered', aggregator: { name: 'median' } },
            { name: 'zeno++', validationBatch: 8, rho: 0.001 },
            { name: 'zeno++', validationBatch: 8, rho: 0.01 },
          ],
        },
        seeds: [1, 2],
      },
      dir,
      options,
    );
    const { notes } = await writeReport(dir);
    assert.deepEqual(
      tableRows(dir).map((r) => [r[0], r[1]]),
      [
        ['policy=buffered, policy.aggregator=mean', '2'],
        ['policy=buffered, policy.aggregator=median', '2'],
        ['policy=zeno++, policy.rho=0.001', '2'],
        ['policy=zeno++, policy.rho=0.01', '2'],
      ],
    );
    assert.equal(notes.length, 1);
    assert.match(notes[0], /^2 other cell folder\(s\) in .* are not in .*sweep\.csv \(another sweep into this folder\?\) and are left out$/);
    // Long labels are never cut in the rates chart.
    const rates = readFileSync(join(dir, 'rates.svg'), 'utf8');
    assert.match(rates, /policy=buffered, policy\.aggregator=median</);
    assert.doesNotMatch(rates, /…/);
  });

  it('name an unreadable summary.json and skip it', async () => {
    const dir = fresh();
    await runSweep({ base: { task: linreg, workers: 4, steps: 20, evalEvery: 10 }, seeds: [1, 2] }, dir, options);
    const [broken] = readdirSync(join(dir, 'cells')).sort();
    writeFileSync(join(dir, 'cells', broken, 'summary.json'), '{"trunc');
    const { notes } = await writeReport(dir);
    assert.equal(notes.length, 2);
    assert.match(notes[0], new RegExp(`${broken}.summary\\.json is unreadable \\(.*JSON.*\\): skipped$`));
    assert.match(notes[1], /^1 cell\(s\) of the sweep have no finished run/);
    assert.deepEqual(tableRows(dir).map((r) => [r[0], r[1]]), [['all runs', '1']]);

    // An interrupted sweep has no sweep.csv yet: its finished cells are reported, saying so.
    rmSync(join(dir, 'sweep.csv'));
    const interrupted = await writeReport(dir);
    assert.ok(interrupted.notes.includes(`${dir} has no sweep.csv (a sweep still running or interrupted?): reporting every finished cell folder in ${join(dir, 'cells')}`), interrupted.notes.join('\n'));
  });
});
