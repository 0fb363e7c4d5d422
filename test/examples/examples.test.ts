import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
/** Runs an example as a user would (`npx tsx examples/X.ts args`), with tiny settings. */
const run = (file: string, ...args: string[]) => exec(process.execPath, ['--import', 'tsx', join('examples', file), ...args], { encoding: 'utf8' });

describe('examples', function () {
  this.timeout(120_000);

  it('custom-policy.ts registers a filter by name and runs it', async () => {
    const { stdout } = await run('custom-policy.ts', '40');
    assert.match(stdout, /^norm-cap: accuracy \d+\.\d%, FN \d+\.\d%, FP \d+\.\d%$/m);
  });

  it('custom-attack.ts registers an attack by name and runs it against two policies', async () => {
    const { stdout } = await run('custom-attack.ts', '40');
    assert.match(stdout, /^async-sgd vs reverse: accuracy \d+\.\d%$/m);
    assert.match(stdout, /^zeno\+\+ vs reverse: accuracy \d+\.\d%$/m);
  });

  it('custom-task.ts registers a task of its own by name and trains it on a pool of 2 threads', async () => {
    const { stdout } = await run('custom-task.ts', '40');
    assert.match(stdout, /^logistic on js, 2 threads: test loss \d+\.\d+ → \d+\.\d+, accuracy \d+\.\d%, \d+ of 40 arrivals rejected$/m);
  });

  it('tfjs-model.ts trains a tfjs model of its own (a tanh MLP) through the simulation', async () => {
    const { stdout } = await run('tfjs-model.ts', '30');
    assert.match(stdout, /^tanh MLP on tfjs wasm: accuracy \d+\.\d% after 30 arrivals, \d+ rejected$/m);
  });

  it('staleness-sweep.ts runs a sweep from code and reports it', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'byzsim-ex-')), 'sweep');
    const { stdout } = await run('staleness-sweep.ts', '20', out);
    assert.match(stdout, /^4 cells \(0 already done\);/m);
  });
});
