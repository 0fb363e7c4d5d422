import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InputError } from '../../src/core/errors.js';
import { lockFile } from '../../src/experiments/folder-lock.js';
import { runStudy } from '../../src/experiments/study.js';
import { noteNonFiniteCells, planSweep, runSweep, type SweepOutcome } from '../../src/experiments/sweep.js';
import type { RunSummary } from '../../src/experiments/summary.js';
import type { SweepSpec } from '../../src/experiments/sweep-spec.js';

const exec = promisify(execFile);
const spec: SweepSpec = {
  base: { task: { name: 'linreg', features: 3, samples: 300, validationSize: 30, testSize: 30 }, workers: 3, steps: 20, evalEvery: 10 },
  grid: { 'optimizer.lr': [0.01, 0.02, 0.05] },
  seeds: [1],
};
const fresh = () => mkdtempSync(join(tmpdir(), 'byzsim-robust-'));
const options = { threads: 0, concurrency: 2 };
const csvRows = (path: string) => readFileSync(path, 'utf8').trim().split('\n').slice(1);

describe('sweeps under broken files, failures and a second sweep', function () {
  this.timeout(120_000);

  it('rerun a cell whose summary.json is unreadable, saying so, instead of crashing', async () => {
    const dir = fresh();
    await runSweep(spec, dir, options);
    const [cell] = planSweep(spec).cells;
    writeFileSync(join(dir, 'cells', cell.id, 'summary.json'), '{"name": "trunc');
    const notes: string[] = [];
    const again = await runSweep(spec, dir, { ...options, onNote: (m) => notes.push(m) });
    assert.deepEqual([again.skipped, again.ran, again.failed], [2, 1, 0]);
    assert.equal(notes.length, 1);
    assert.match(notes[0], new RegExp(`^cell optimizer\\.lr=0\\.01, seed=1: .*${cell.id}.summary\\.json is unreadable \\(.*JSON.*\\); running it again$`));
    assert.doesNotThrow(() => JSON.parse(readFileSync(join(dir, 'cells', cell.id, 'summary.json'), 'utf8')));
  });

  it('record a cell that fails at run time in error.json and go on with the others (README)', async () => {
    const dir = fresh();
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'test/fixtures/failing-sweep.ts', dir], { encoding: 'utf8' });
    const outcome = JSON.parse(stdout) as { ran: number; failed: number; failures: Array<{ cell: string; error: string }> };
    assert.deepEqual([outcome.ran, outcome.failed], [2, 1]);
    assert.match(stderr, /cell policy=\{"name":"fails-on-purpose"\}, seed=1 failed: .*judge failed on purpose/);
    const cells = readdirSync(join(dir, 'cells'));
    const errors = cells.filter((c) => existsSync(join(dir, 'cells', c, 'error.json')));
    assert.equal(errors.length, 1);
    const error = JSON.parse(readFileSync(join(dir, 'cells', errors[0], 'error.json'), 'utf8'));
    assert.match(error.error, /judge failed on purpose/);
    assert.deepEqual(error.values, { policy: { name: 'fails-on-purpose' }, seed: 1 });
    assert.equal(cells.filter((c) => existsSync(join(dir, 'cells', c, 'summary.json'))).length, 2);
    const rows = csvRows(join(dir, 'sweep.csv'));
    assert.equal(rows.filter((r) => r.includes(',done,')).length, 2);
    assert.match(rows.find((r) => r.includes(',failed,'))!, /judge failed on purpose/);
  });

  it('keep going when even error.json cannot be written (a file where the cell folder should be)', async () => {
    const dir = fresh();
    const [blocked] = planSweep(spec).cells;
    mkdirSync(join(dir, 'cells'), { recursive: true });
    writeFileSync(join(dir, 'cells', blocked.id), 'not a folder');
    const notes: string[] = [];
    const r = await runSweep(spec, dir, { ...options, onNote: (m) => notes.push(m) });
    assert.deepEqual([r.ran, r.failed], [2, 1]);
    assert.equal(r.failures[0].cell, 'optimizer.lr=0.01, seed=1');
    assert.match(r.failures[0].error, /exists and is not a folder/);
    assert.ok(notes.some((n) => /could not write its error\.json/.test(n)), notes.join('\n'));
    const rows = csvRows(r.csv);
    assert.equal(rows.length, 3);
    assert.equal(rows.filter((row) => row.includes(',done,')).length, 2);
    assert.doesNotMatch(readFileSync(r.csv, 'utf8'), /Terminating worker thread/);
  });

  it('let only one sweep at a time write into a folder, so no cell runs twice', async () => {
    const dir = fresh();
    const first = runSweep(spec, dir, options);
    const second = runSweep(spec, dir, options);
    const settled = await Promise.allSettled([first, second]);
    // Either may take the lock first; the other is refused, naming who holds it.
    const won = settled.filter((s): s is PromiseFulfilledResult<SweepOutcome> => s.status === 'fulfilled');
    const lost = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    assert.deepEqual([won.length, lost.length], [1, 1]);
    assert.ok(lost[0].reason instanceof InputError, String(lost[0].reason));
    assert.match(String(lost[0].reason.message), new RegExp(`is in use by another sweep or study \\(process ${process.pid} on `));
    assert.equal(won[0].value.ran, 3);
    assert.equal(existsSync(join(dir, lockFile)), false);
    // A lock left by a process that is gone is taken over, with a note.
    writeFileSync(join(dir, lockFile), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), since: 'earlier' }));
    const notes: string[] = [];
    const third = await runSweep(spec, dir, { ...options, onNote: (m) => notes.push(m) });
    assert.equal(third.skipped, 3);
    assert.match(notes[0], /taking over the lock of process \d+, which is gone/);
  });

  it('let a study hold its folder like a sweep: a sweep or study started into it is refused, the lock goes at the end, also on an error', async () => {
    const dir = fresh();
    const configs = [1, 2].map((seed) => ({ ...spec.base, seed }));
    let during: Array<PromiseSettledResult<unknown>> | undefined;
    let checking: Promise<void> | undefined;
    const study = runStudy(configs, {
      threads: 0,
      outDir: dir,
      onProgress: () => {
        checking ??= (async () => {
          during = await Promise.allSettled([runSweep(spec, dir, options), runStudy(configs, { threads: 0, outDir: dir })]);
        })();
      },
    });
    await study;
    await checking;
    assert.deepEqual(during?.map((s) => s.status), ['rejected', 'rejected']);
    for (const s of during as PromiseRejectedResult[]) {
      assert.ok(s.reason instanceof InputError, String(s.reason));
      assert.match(String(s.reason.message), new RegExp(`is in use by another sweep or study \\(process ${process.pid} on `));
    }
    assert.equal(existsSync(join(dir, lockFile)), false);
    assert.ok(existsSync(join(dir, 'study.csv')));
    assert.equal(existsSync(join(dir, 'cells')), false); // the refused sweep wrote nothing
    // A study that fails releases the lock too.
    await assert.rejects(
      runStudy(configs, {
        threads: 0,
        outDir: dir,
        onProgress: () => {
          throw new Error('boom');
        },
      }),
      /boom/,
    );
    assert.equal(existsSync(join(dir, lockFile)), false);
  });

  it('say which cells ended with a non-finite model, in a note and in sweep.csv', async () => {
    const dir = fresh();
    const notes: string[] = [];
    const r = await runSweep({ ...spec, grid: { 'optimizer.lr': [0.01, 1e300] } }, dir, { ...options, onNote: (m) => notes.push(m) });
    assert.deepEqual(notes, [
      'WARNING: cell optimizer.lr=1e+300, seed=1: the model became non-finite (NaN or infinite parameters) at arrival 0 (update 1); its metrics describe a broken model',
    ]);
    const [header, ...rows] = readFileSync(r.csv, 'utf8').trim().split('\n');
    const at = header.split(',').indexOf('non_finite_model_at');
    assert.ok(at > 0, header);
    assert.deepEqual(rows.map((row) => row.split(',')[at]), ['', '0']);
    // A model that diverged with finite parameters (its test loss overflowed) is named too.
    const diverged = { nonFiniteModel: null, final: { testLoss: null }, arrivals: { rejectedBy: { 'non-finite': 128 } } } as unknown as RunSummary;
    const more: string[] = [];
    noteNonFiniteCells(planSweep(spec).cells, [undefined, diverged, undefined], (m) => more.push(m));
    assert.deepEqual(more, [
      'WARNING: cell optimizer.lr=0.02, seed=1: the model diverged: its final test loss is not finite (its outputs overflow float32) though its parameters are, and 128 gradient(s) were dropped as non-finite; its metrics describe a broken model',
    ]);
  });

  it('check the output folder before any work', async () => {
    const dir = fresh();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    await assert.rejects(runSweep(spec, file, options), (e: Error) => e instanceof InputError && /output folder .*a-file is a file, not a folder/.test(e.message));
    await assert.rejects(runSweep(spec, join(file, 'below'), options), (e: Error) => e instanceof InputError && /a-file is a file, not a folder/.test(e.message));
  });
});
