import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import type { RunConfig } from '../../src/config/schema.js';
import { defaultStudy } from '../../src/experiments/default-study.js';
import { runFolderName } from '../../src/experiments/results.js';
import { distinctRunNames, runName } from '../../src/experiments/run-name.js';
import { writeReport } from '../../src/experiments/report.js';
import { planSweep, runSweep } from '../../src/experiments/sweep.js';
import type { SweepSpec } from '../../src/experiments/sweep-spec.js';

const linreg = { name: 'linreg', features: 3, samples: 400, validationSize: 20, testSize: 20 };
/** A folder name without its hash: what tells runs apart to someone reading the folder list. */
const stem = (config: RunConfig, name?: string) => runFolderName(config, name).replace(/-[0-9a-f]{8}$/, '');
const distinct = (xs: readonly string[]) => new Set(xs).size === xs.length;

/** Pre-aggregation × momentum × attack options × knowledge: 4 × 4 × 4 × 2 cells (attacks that act with either knowledge). */
const grid: SweepSpec = {
  base: { task: linreg, workers: 7, mode: 'sync', policy: { name: 'median' }, byzantine: { count: 2, attack: { name: 'minmax' } }, steps: 10 },
  grid: {
    'policy.pre': [[], [{ name: 'nnm', f: 2 }], [{ name: 'bucketing', s: 2 }], [{ name: 'bucketing', s: 3 }, { name: 'nnm', f: 2 }]],
    'optimizer.momentum': [{ worker: 0 }, { worker: 0.9 }, { worker: 0.9, workerForm: 'heavy-ball' }, { server: 0.9 }],
    'byzantine.attack': [{ name: 'ipm' }, { name: 'ipm', epsilon: 0.5 }, { name: 'gaussian', sigma: 5 }, { name: 'sign-flip', scale: 3 }],
    'byzantine.knowledge': ['omniscient', 'local'],
  },
};

describe('run names', () => {
  it('stay short for common configs and keep the default study’s names', () => {
    assert.equal(runName(resolveConfig({})), 'async-sgd-clean-seed1');
    const readme = { byzantine: { count: 6, assignment: 'bernoulli', attack: { name: 'sign-flip', scale: 10 } }, policy: { name: 'zeno++', rho: 0.001, epsilon: 0, refreshEvery: 10 } };
    assert.equal(runName(resolveConfig(readme)), 'zeno++-sign-flip-q6of10-bernoulli-seed1'); // parameters at their defaults are not shown
    assert.equal(runName(resolveConfig({ ...readme, policy: { name: 'zeno++', rho: 0.01 } })), 'zeno++(rho=0.01)-sign-flip-q6of10-bernoulli-seed1');
    assert.equal(runName(resolveConfig({ task: linreg, data: { partition: { name: 'gamma-similarity', gamma: 0.5 } }, seed: 3 })), 'async-sgd-clean-gamma-similarity(gamma=0.5)-seed3');
    const study = defaultStudy(1).map((c) => resolveConfig(c));
    assert.deepEqual(distinctRunNames(study), defaultStudy(1).map((c) => c.name));
    assert.deepEqual(study.map((c) => stem(c)), ['async-sgd-sign-flip-x10-6-10-byzantine', 'zenopp-sign-flip-x10-6-10-byzantine', 'async-sgd-no-attack', 'zenopp-no-attack']);
  });

  it('name the pre-aggregation chain, momentum, the attack’s parameters and knowledge', () => {
    const config = resolveConfig({
      ...grid.base,
      policy: { name: 'median', pre: [{ name: 'bucketing', s: 3 }, { name: 'nnm', f: 2 }] },
      optimizer: { momentum: { worker: 0.9, workerForm: 'heavy-ball', server: 0.5 } },
      byzantine: { count: 2, assignment: 'bernoulli', knowledge: 'local', attack: { name: 'ipm', epsilon: 0.5 } },
    });
    const name = 'bucketing(s=3)+nnm(f=2)+median-ipm(epsilon=0.5,knowledge=local)-q2of7-bernoulli-momentum(worker=0.9,heavy-ball,server=0.5)-seed1';
    assert.equal(runName(config), name);
    assert.equal(stem(config), 'bucketing-s-3-nnm-f-2-median-ipm-epsilon-0.5-knowledge-local-q2of7-bernoulli-momentum-worker-0.9-heavy-ball-server-0.5-seed1');
    assert.equal(runName(resolveConfig({ policy: { name: 'buffered', aggregator: { name: 'trimmed-mean', b: 1 } } })), 'buffered(aggregator=trimmed-mean(b=1))-clean-seed1');
  });

  it('differ for every cell of a grid over pre-aggregation, momentum and attack options, in folder names too', () => {
    const configs = planSweep(grid).cells.map((c) => c.config);
    assert.equal(configs.length, 128);
    const names = configs.map((c) => runName(c));
    assert.ok(distinct(names), names.join('\n'));
    assert.ok(distinct(configs.map((c) => stem(c))));
    assert.deepEqual(distinctRunNames(configs), names); // no two share a name: nothing appended
  });

  it('shown together, gain the fields that differ where they would clash, and only there', () => {
    const cells = planSweep({ ...grid, grid: { ...grid.grid, 'optimizer.lr': [0.1, 0.05] }, seeds: [1, 2] }).cells;
    const configs = cells.map((c) => c.config);
    const names = distinctRunNames(configs);
    assert.equal(names.length, 512);
    assert.ok(distinct(names));
    assert.ok(distinct(configs.map((c, i) => stem(c, names[i]))));
    assert.equal(names[0], 'median-ipm-q2of7-seed1 (optimizer.lr=0.1)');
    assert.equal(names[3], 'median-ipm-q2of7-seed2 (optimizer.lr=0.05)');
    // Runs of one study named alike by hand: the seed tells them apart; a run whose name is its own keeps it.
    const study = [...defaultStudy(1), ...defaultStudy(2), { ...defaultStudy(3)[0], name: 'alone' }].map((c) => resolveConfig(c));
    assert.deepEqual(distinctRunNames(study).slice(0, 4), defaultStudy(1).map((c) => `${c.name} (seed=1)`));
    assert.equal(distinctRunNames(study)[8], 'alone');
    // Identical configs are the same run: same name.
    assert.deepEqual(distinctRunNames([study[0], study[0]]), [study[0].name, study[0].name]);
  });

  it('do not key sweep cells: a sweep folder written before names changed resumes without running a cell', async () => {
    const fixture = 'test/fixtures/sweep-before-names';
    const spec = JSON.parse(readFileSync(join(fixture, 'spec.json'), 'utf8')) as SweepSpec;
    const dir = join(mkdtempSync(join(tmpdir(), 'byzsim-names-')), 'sweep');
    cpSync(join(fixture, 'folder'), dir, { recursive: true });
    // Written by byzsim before this change: every cell named median-minmax-q1of5-seed1.
    const old = readdirSync(join(dir, 'cells')).map((c) => (JSON.parse(readFileSync(join(dir, 'cells', c, 'summary.json'), 'utf8')) as { name: string }).name);
    assert.deepEqual(new Set(old), new Set(['median-minmax-q1of5-seed1']));
    const r = await runSweep(spec, dir, { threads: 0, concurrency: 1 });
    assert.deepEqual([r.total, r.skipped, r.ran, r.failed], [8, 8, 0, 0]);
    assert.equal(readFileSync(r.csv, 'utf8'), readFileSync(join(fixture, 'folder', 'sweep.csv'), 'utf8'));
    // Its report tells the cells apart by the fields that differ, a pre-aggregation chain written compactly.
    await writeReport(dir);
    const labels = readFileSync(join(dir, 'report.md'), 'utf8').split('\n').filter((l) => l.startsWith('| policy.pre=')).map((l) => l.split(' | ')[0].slice(2));
    assert.equal(labels.length, 8);
    assert.ok(distinct(labels));
    assert.ok(labels.includes('policy.pre=[nnm(f=1)], optimizer.momentum.worker=0.9, byzantine.attack.direction=sign'), labels.join('\n'));
    assert.ok(labels.includes('policy.pre=[], optimizer.momentum.worker=0, byzantine.attack.direction=unit'), labels.join('\n'));
  });
});
