import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { ConfigError } from '../../src/core/errors.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { runFolderName } from '../../src/experiments/results.js';
import { parseSweepSpec } from '../../src/experiments/sweep-spec.js';
import { planSweep } from '../../src/experiments/sweep.js';

const base = { task: { name: 'linreg', features: 3, samples: 400, validationSize: 40, testSize: 40 }, workers: 4, steps: 20, evalEvery: 10 };

/** The ConfigError's lines, as the CLI prints them (`path: message`). */
function issues(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return assert.fail('expected a ConfigError');
}

describe('sweep specs', () => {
  it('refuse unknown keys, naming the accepted ones (a typo in "base" no longer runs the defaults)', () => {
    assert.deepEqual(issues(() => parseSweepSpec({ name: 'x', bse: {}, grid: { 'timing.maxDelay': [1] } })), [
      'bse: unknown parameter (expected one of: name, base, grid, seeds), got {}',
    ]);
  });

  it('refuse "seed" with a hint to "seeds"', () => {
    const lines = issues(() => parseSweepSpec({ base, seed: [1, 2, 3] }));
    assert.match(lines[0], /^seed: unknown parameter/);
    assert.ok(lines.includes('seed: a sweep lists its seeds as "seeds": [1, 2, ...]'), lines.join('\n'));
  });

  it('refuse a run config passed as a sweep, saying so', () => {
    const runConfig = { workers: 10, byzantine: { count: 6 }, policy: { name: 'zeno++' }, steps: 3000 };
    const lines = issues(() => parseSweepSpec(runConfig));
    assert.ok(lines.includes('workers: unknown parameter (expected one of: name, base, grid, seeds), got 10'), lines.join('\n'));
    assert.ok(lines.some((l) => /looks like a run config: run it with `byzsim run`, or put it under "base"/.test(l)), lines.join('\n'));
  });

  it('refuse empty seeds and empty value lists like any other empty list', () => {
    assert.deepEqual(issues(() => parseSweepSpec({ base, seeds: [] })), ['seeds: expected at least 1 item, got []']);
    assert.deepEqual(issues(() => parseSweepSpec({ base, grid: { workers: [] } })), ['grid.workers: expected at least 1 item, got []']);
    assert.deepEqual(issues(() => parseSweepSpec({ base, seeds: [1, -2] })), ['seeds[1]: expected a number >= 0, got -2']);
  });

  it('refuse duplicate values and seeds, and a grid over seed', () => {
    assert.deepEqual(issues(() => parseSweepSpec({ base, grid: { 'timing.maxDelay': [1, 2, 1] } })), [
      'grid.timing.maxDelay[2]: duplicate of grid.timing.maxDelay[0] (1): each value makes one cell',
    ]);
    // Objects are compared by content, whatever their key order.
    assert.equal(issues(() => parseSweepSpec({ base, grid: { policy: [{ name: 'zeno++', rho: 1 }, { rho: 1, name: 'zeno++' }] } })).length, 1);
    assert.deepEqual(issues(() => parseSweepSpec({ base, seeds: [3, 3] })), ['seeds[1]: duplicate of seeds[0] (3): each value makes one cell']);
    assert.deepEqual(issues(() => parseSweepSpec({ base, grid: { seed: [1, 2] } })), ['grid.seed: list seeds in "seeds", not in the grid']);
  });

  it('refuse two grid values that resolve to the same cell (they would share a folder)', () => {
    const lines = issues(() => planSweep({ base, grid: { policy: [{ name: 'zeno++', validationBatch: 8 }, { name: 'zeno++', validationBatch: 8, rho: 0.001 }] } }));
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^grid: cells policy=\{"name":"zeno\+\+","validationBatch":8\}, seed=1 and policy=.* resolve to the same config/);
  });

  it('never let a name choose a folder outside the output folder', () => {
    for (const name of ['../../../escape-sweep', '..', '.', 'a/b', 'a\\b']) {
      assert.match(issues(() => parseSweepSpec({ name, base }))[0], /^name: expected a plain folder name/, name);
    }
    assert.deepEqual(issues(() => parseSweepSpec({ name: '../../../escape-sweep', base })), [
      'name: expected a plain folder name (no "/" or "\\", not "." or ".."), got "../../../escape-sweep"',
    ]);
    assert.equal(parseSweepSpec({ name: 'staleness v2', base }).name, 'staleness v2');
    // A run's folder is a slug of its name: separators cannot survive.
    const folder = runFolderName(resolveConfig({ ...base, name: '../../../escape-run' }));
    assert.ok(!folder.includes('/') && !folder.includes('\\') && folder !== '..', folder);
  });

  it('check every cell before any work, each error naming its field and cells by grid values', () => {
    const lines = issues(() =>
      planSweep({ base: { ...base, wokers: 3 }, grid: { 'byzantine.count': [1, 9], 'optimizer.lr': [0.1, -1] }, seeds: [1, 2] }),
    );
    assert.deepEqual(lines, [
      'wokers: unknown parameter, got 3 (every cell)',
      'optimizer.lr: expected a number > 0, got -1 (2 cells: byzantine.count=1, optimizer.lr=-1; byzantine.count=9, optimizer.lr=-1)',
      'byzantine.count: expected at most workers (4), got 9 (2 cells: byzantine.count=9, optimizer.lr=0.1; byzantine.count=9, optimizer.lr=-1)',
    ]);
    // A grid path through a value that is not an object.
    assert.match(issues(() => planSweep({ base: { ...base, task: 'linreg' }, grid: { 'task.samples': [100] } }))[0], /^grid\.task\.samples: cannot set it: base\.task is "linreg", not an object/);
  });

  it('accept every sweep shipped in examples/ and docs/reproduction/', () => {
    for (const file of ['examples/staleness-sweep.json', 'examples/federated-study.json', ...readdirSync('docs/reproduction').map((f) => `docs/reproduction/${f}`)]) {
      if (file.endsWith('.json')) assert.ok(planSweep(JSON.parse(readFileSync(file, 'utf8'))).cells.length > 0, file);
    }
  });

  it('plan a valid sweep: one resolved config and folder per cell', () => {
    const plan = planSweep({ base, grid: { 'timing.maxDelay': [1, 3] }, seeds: [1, 2] });
    assert.deepEqual(plan.cells.map((c) => c.label), ['timing.maxDelay=1, seed=1', 'timing.maxDelay=1, seed=2', 'timing.maxDelay=3, seed=1', 'timing.maxDelay=3, seed=2']);
    assert.equal(new Set(plan.cells.map((c) => c.id)).size, 4);
    assert.deepEqual(plan.cells.map((c) => c.config.seed), [1, 2, 1, 2]);
  });
});

describe('task parameters', () => {
  it('a resolved config carries only its task\'s own parameters', () => {
    assert.deepEqual(Object.keys(resolveConfig({ task: 'mnist-softmax' }).task).sort(), ['name', 'testSize', 'validationSize']);
    assert.deepEqual(Object.keys(resolveConfig({ task: 'mnist-mlp' }).task).sort(), ['hidden', 'name', 'testSize', 'validationSize']);
    assert.deepEqual(Object.keys(resolveConfig({ task: 'linreg' }).task).sort(), ['features', 'name', 'noise', 'samples', 'testSize', 'validationSize']);
    assert.deepEqual(issues(() => resolveConfig({ task: { name: 'mnist-softmax', hidden: [64] } })), [
      'task.hidden: unknown parameter (mnist-softmax takes name, dataSeed, testSize, validationSize), got [64]',
    ]);
    assert.match(issues(() => resolveConfig({ task: { name: 'mnist-mlp', features: 3 } }))[0], /^task\.features: unknown parameter/);
  });
});
