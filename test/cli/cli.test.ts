import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
/** The CLI from its sources (the installed, compiled bin is tested in test/package/pack.test.ts). */
const cli = (args: string[]) => exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });

describe('byzsim CLI', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-cli-'));

  it('list prints every task, policy and attack with defaults', async () => {
    const { stdout } = await cli(['list']);
    for (const name of ['mnist-mlp', 'mnist-softmax', 'mnist-cnn', 'linreg', 'async-sgd', 'zeno++', 'sign-flip', 'label-flip']) assert.ok(stdout.split('\n').includes(`  ${name}`), name);
    assert.match(stdout, /rho=0\.001 {2}epsilon=0 {2}refreshEvery=10/);
    assert.match(stdout, /scale=10/);
    // The federated rules, the staleness functions (with their defaults) and local training.
    for (const name of ['fedasync', 'fedbuff', 'basgd', 'kardam']) assert.ok(stdout.split('\n').includes(`  ${name}`), name);
    assert.match(stdout, /frequency=false/);
    assert.match(stdout, /STALENESS FUNCTIONS[^]*"polynomial".*a = 0\.5[^]*"hinge".*a = 10, b = 4[^]*"staleness-aware".*1\/max\(τ, 1\)/);
    assert.match(stdout, /LOCAL TRAINING {2}\(config field "local": \{"steps": K, "lr": η_w\}/);
  });

  it('run refuses a bad config with exit code 2, names the fields, and writes nothing', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ wokers: 10, workers: 4, byzantine: { count: 5 } }));
    const out = join(dir, 'bad-results');
    const err = await cli(['run', bad, '--out', out]).then(
      () => assert.fail('expected a failure'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(err.code, 2);
    assert.match(err.stderr, /wokers: unknown parameter/);
    assert.match(err.stderr, /byzantine\.count: expected at most workers \(4\), got 5/);
    assert.equal(existsSync(out), false);
  });

  it('run writes a results folder with config, events, metrics and summary', async () => {
    const config = join(dir, 'tiny.json');
    writeFileSync(config, JSON.stringify({ name: 'tiny', task: { name: 'linreg', samples: 500, validationSize: 50, testSize: 50 }, workers: 4, policy: { name: 'zeno++', validationBatch: 16 }, steps: 40, evalEvery: 10 }));
    const out = join(dir, 'results');
    const { stdout } = await cli(['run', config, '--out', out, '--threads', '1']);
    assert.match(stdout, /tiny/);
    const [folder] = readdirSync(out);
    assert.deepEqual(readdirSync(join(out, folder)).sort(), ['config.json', 'events.csv', 'metrics.csv', 'summary.json']);
    const summary = JSON.parse(readFileSync(join(out, folder, 'summary.json'), 'utf8'));
    assert.equal(summary.arrivals.total, 40);
    assert.equal(readFileSync(join(out, folder, 'events.csv'), 'utf8').trim().split('\n').length, 41);
  });

  it('sweep runs a grid, then skips every finished cell when run again', async () => {
    const spec = join(dir, 'sweep.json');
    writeFileSync(spec, JSON.stringify({ name: 'cli', base: { task: { name: 'linreg', samples: 300, validationSize: 30, testSize: 30 }, workers: 3, steps: 12 }, grid: { 'optimizer.lr': [0.01, 0.02] } }));
    const out = join(dir, 'sweep');
    const first = await cli(['sweep', spec, '--out', out, '--threads', '0']);
    assert.match(first.stdout, /2 cells: 0 already done, 2 run, 0 failed/);
    const again = await cli(['sweep', spec, '--out', out, '--threads', '0']);
    assert.match(again.stdout, /2 cells: 2 already done, 0 run, 0 failed/);
    assert.equal(readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n').length, 3);
  });

  it('examples/quickstart.ts runs through the public API', async () => {
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', 'examples/quickstart.ts', '30'], { encoding: 'utf8' });
    assert.match(stdout, /test accuracy \d+\.\d% after 30 arrivals/);
    assert.match(stdout, /backend engine/);
  });
});
