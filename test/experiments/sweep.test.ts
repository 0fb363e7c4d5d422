import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import { ConfigError } from '../../src/core/errors.js';
import { expandGrid, type SweepSpec } from '../../src/experiments/grid.js';
import { runSweep } from '../../src/experiments/sweep.js';
import { writeReport } from '../../src/experiments/report.js';

const spec: SweepSpec = {
  name: 'tiny',
  base: { task: { name: 'linreg', features: 3, samples: 400, validationSize: 40, testSize: 40 }, workers: 4, byzantine: { attack: { name: 'sign-flip' } }, steps: 30, evalEvery: 10 },
  grid: { policy: [{ name: 'async-sgd' }, { name: 'zeno++', validationBatch: 8 }], 'byzantine.count': [0, 2] },
  seeds: [1, 2],
};
const fresh = () => mkdtempSync(join(tmpdir(), 'byzsim-sweep-'));
const options = { threads: 0, concurrency: 2 };

describe('sweeps', function () {
  this.timeout(120_000);

  it('expand the grid × seeds in order, setting dotted paths', () => {
    const cells = expandGrid(spec);
    assert.equal(cells.length, 8);
    assert.deepEqual(cells[1].values, { policy: { name: 'async-sgd' }, 'byzantine.count': 0, seed: 2 });
    assert.deepEqual((cells[2].config.byzantine as Record<string, unknown>).count, 2);
    assert.deepEqual((cells[2].config.byzantine as Record<string, unknown>).attack, { name: 'sign-flip' });
    assert.throws(() => expandGrid({ grid: { workers: [] } }), ConfigError);
  });

  it('examples/staleness-sweep.json is a valid sweep (every cell resolves)', () => {
    const example = JSON.parse(readFileSync('examples/staleness-sweep.json', 'utf8')) as SweepSpec;
    const cells = expandGrid(example);
    assert.equal(cells.length, 16);
    for (const c of cells) resolveConfig(c.config);
  });

  it('the heterogeneity study specs (full and reduced) are valid sweeps (every cell resolves)', () => {
    const specs = [
      ['examples/heterogeneity-sweep.json', 270],
      ['examples/heterogeneity-async-sweep.json', 27],
      ['docs/reproduction/heterogeneity-reduced.json', 162],
      ['docs/reproduction/heterogeneity-async-reduced.json', 18],
    ] as const;
    for (const [file, count] of specs) {
      const cells = expandGrid(JSON.parse(readFileSync(file, 'utf8')) as SweepSpec);
      assert.equal(cells.length, count, file);
      for (const c of cells) resolveConfig(c.config);
    }
  });

  it('give the same CSV when interrupted and resumed as when run in one go, redoing only unfinished cells', async () => {
    const once = fresh();
    const full = await runSweep(spec, once, options);
    assert.deepEqual([full.total, full.skipped, full.ran, full.failed], [8, 0, 8, 0]);

    const resumed = fresh();
    // "Killed" after the seed-1 cells finished, with one seed-2 cell half written (no summary.json yet).
    await runSweep({ ...spec, seeds: [1] }, resumed, options);
    const [aCell] = readdirSync(join(once, 'cells')).filter((c) => !existsSync(join(resumed, 'cells', c)));
    mkdirSync(join(resumed, 'cells', aCell), { recursive: true });
    writeFileSync(join(resumed, 'cells', aCell, 'config.json'), '{"partial": tr');
    // ... and the temporary folder of a cell whose writing a SIGKILL cut short.
    mkdirSync(join(resumed, 'cells', `${aCell}.partial-0badc0de`));
    writeFileSync(join(resumed, 'cells', `${aCell}.partial-0badc0de`, 'config.json'), '{}');
    const second = await runSweep(spec, resumed, options);
    assert.deepEqual([second.skipped, second.ran], [4, 4]);
    assert.deepEqual(readdirSync(join(resumed, 'cells')).sort(), readdirSync(join(once, 'cells')).sort());
    assert.equal(readFileSync(second.csv, 'utf8'), readFileSync(full.csv, 'utf8'));
    assert.equal(readFileSync(full.csv, 'utf8').trim().split('\n').length, 9);
  });

  it('refuses an invalid cell before running anything, and records a cell that fails at run time', async () => {
    const dir = fresh();
    await assert.rejects(runSweep({ ...spec, grid: { 'byzantine.count': [2, 9] } }, dir, options), /byzantine\.count: expected at most workers \(4\), got 9/);
    assert.equal(existsSync(join(dir, 'cells')), false);
    // tfjs-node cannot load here, so a cell asking for it fails when its compute starts; the others still run.
    const r = await runSweep({ ...spec, grid: { backend: ['cpu', 'tensorflow'] }, seeds: [1] }, dir, options);
    assert.deepEqual([r.ran, r.failed], [1, 1]);
    assert.match(readFileSync(r.csv, 'utf8'), /,failed,/);
  });

  it('report a sweep and a single run as markdown and HTML with SVG and PNG charts', async () => {
    const dir = fresh();
    await runSweep({ ...spec, grid: { 'timing.maxDelay': [1, 3] }, seeds: [1, 2] }, dir, options);
    const files = await writeReport(dir);
    for (const name of ['accuracy-vs-updates', 'accuracy-vs-staleness', 'rates', 'staleness']) {
      assert.match(readFileSync(join(dir, `${name}.svg`), 'utf8'), /^<svg/);
      assert.deepEqual([...readFileSync(join(dir, `${name}.png`)).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    }
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    // Runs that differ in staleness bound are grouped by it; each group holds the two seeds (linreg has no accuracy).
    assert.match(md, /\| timing\.maxDelay=1 \| 2 \| – \| \d\.\d+ ± \d\.\d+ \|/);
    assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /<svg/);
    assert.ok(files.files.includes(join(dir, "report.html")));
    const [cell] = readdirSync(join(dir, 'cells'));
    await writeReport(join(dir, 'cells', cell));
    assert.ok(existsSync(join(dir, 'cells', cell, 'report.md')));
  });
});
