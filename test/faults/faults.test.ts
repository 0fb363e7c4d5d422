import assert from 'node:assert/strict';
import type { ArrivalRecord } from '../../src/actors/arrival.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { simulate } from '../../src/experiments/simulate.js';
import { writeReport } from '../../src/experiments/report.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultInput } from '../../src/faults/faults.js';

/** Two workers, each loops every 3 ms (compute 2 + network 1): arrivals at 3, 6, 9, ... ms from both. */
const base = {
  task: 'linreg',
  workers: 2,
  steps: 8,
  byzantine: { count: 0 },
  timing: { model: 'latency', compute: { type: 'constant', value: 2 }, network: { type: 'constant', value: 1 } },
} as const;

const run = async (faults: FaultInput[], extra = {}) => (await simulate({ ...base, ...extra, faults }, { threads: 0 })).records;
/** [time ms, worker, fault, reason] of every arrival. */
const rows = (records: readonly ArrivalRecord[]) => records.map((r) => [r.time / 1000, r.worker, r.fault ?? '', r.decision.reason ?? '']);

describe('faults in virtual time', function () {
  this.timeout(60_000);

  it('without faults both workers arrive every 3 ms', async () => {
    assert.deepEqual(rows(await run([])).map(([t, w]) => [t, w]), [[3, 0], [3, 1], [6, 0], [6, 1], [9, 0], [9, 1], [12, 0], [12, 1]]);
  });

  it('crash: the push in flight is lost, the worker is silent while down and pulls the latest model at restart', async () => {
    const records = await run([{ kind: 'crash', workers: [0], at: 4, restart: 10 }]);
    const w0 = records.filter((r) => r.worker === 0);
    assert.deepEqual(rows(w0), [[3, 0, '', ''], [6, 0, 'crash', 'lost'], [13, 0, 'crash', '']]);
    const restarted = w0[2];
    assert.equal(restarted.pulledAt, 10_000);
    // It computed on the latest version at its restart: the server version after the arrivals before t = 10 ms.
    assert.equal(restarted.version, records.filter((r) => r.time < 10_000).at(-1)!.serverVersion);
  });

  it('partition (drop): pushes arriving inside the window are lost; (delay): they arrive when it heals', async () => {
    const drop = await run([{ kind: 'partition', workers: [1], from: 5, to: 10 }]);
    assert.deepEqual(rows(drop.filter((r) => r.fault)), [[6, 1, 'partition', 'lost'], [9, 1, 'partition', 'lost']]);
    assert.ok(drop.filter((r) => r.worker === 0).every((r) => r.fault === undefined));
    const delay = await run([{ kind: 'partition', workers: [1], from: 5, to: 10, heal: 'delay' }]);
    assert.deepEqual(rows(delay.filter((r) => r.worker === 1)).slice(0, 3), [[3, 1, '', ''], [10, 1, 'partition', ''], [13, 1, '', '']]);
  });

  it('spike: a pull inside the window takes factor times as long', async () => {
    const records = await run([{ kind: 'spike', workers: [1], from: 3, to: 6, factor: 3 }]);
    assert.deepEqual(rows(records.filter((r) => r.worker === 1)).slice(0, 3), [[3, 1, '', ''], [12, 1, 'spike', ''], [15, 1, '', '']]);
  });

  it('byzantine: gradients pulled inside the window are Byzantine, and the worker turns honest again after it', async () => {
    const records = await run([{ kind: 'byzantine', workers: [1], from: 3, to: 9 }], { byzantine: { count: 0, attack: { name: 'sign-flip' } } });
    const flagged = records.filter((r) => r.byzantine);
    assert.deepEqual(rows(flagged), [[6, 1, 'byzantine', ''], [9, 1, 'byzantine', '']]);
    assert.ok(flagged.every((r) => r.attack === 'sign-flip'));
    assert.equal(records.find((r) => r.worker === 1 && r.time === 12_000)!.byzantine, false);
  });

  it('pause: the server handles nothing inside the window; pushes arriving then are handled when it ends', async () => {
    const records = await run([{ kind: 'pause', from: 5, to: 8 }]);
    assert.deepEqual(rows(records).slice(0, 4), [[3, 0, '', ''], [3, 1, '', ''], [8, 0, 'pause', ''], [8, 1, 'pause', '']]);
    assert.ok(records.every((r) => !(r.time >= 5000 && r.time < 8000)));
  });

  it('sync: a crashed worker sits out the rounds that start while it is down', async () => {
    const records = await run([{ kind: 'crash', workers: [1], at: 1, restart: 4 }], { mode: 'sync', steps: 3, policy: { name: 'mean' } });
    // Round 0 starts at 0 (worker 1 up, but its push at 3 ms is lost: it crashed at 1 ms); round 1 starts at 3 ms
    // (down); round 2 at 6 ms (up again).
    assert.deepEqual(rows(records), [[3, 0, '', ''], [3, 1, 'crash', 'lost'], [6, 0, '', ''], [9, 0, '', ''], [9, 1, '', '']]);
  });

  it('sync: partition, spike, byzantine and pause act on the round they touch (rounds start at 0, 3, 6 ms; a round is logged when it ends)', async () => {
    const sync = { mode: 'sync', steps: 3, policy: { name: 'mean' }, byzantine: { count: 0, attack: { name: 'sign-flip' } } } as const;
    const table = async (fault: FaultInput) => (await run([fault], sync)).map((r) => [...rows([r])[0]!, r.byzantine ? 'B' : '']);
    const clean = (t: number, w: number) => [t, w, '', '', ''];
    // The round of 3 ms: worker 1's push at 6 ms is lost (drop), or arrives when the partition heals at 8 ms, holding the round.
    assert.deepEqual(await table({ kind: 'partition', workers: [1], from: 4, to: 8 }), [clean(3, 0), clean(3, 1), clean(6, 0), [6, 1, 'partition', 'lost', ''], clean(9, 0), clean(9, 1)]);
    assert.deepEqual(await table({ kind: 'partition', workers: [1], from: 4, to: 8, heal: 'delay' }), [clean(3, 0), clean(3, 1), clean(8, 0), [8, 1, 'partition', '', ''], clean(11, 0), clean(11, 1)]);
    // Worker 1's round-of-3-ms push takes 3 × 3 ms: the round ends at 12 ms.
    assert.deepEqual(await table({ kind: 'spike', workers: [1], from: 3, to: 6, factor: 3 }), [clean(3, 0), clean(3, 1), clean(12, 0), [12, 1, 'spike', '', ''], clean(15, 0), clean(15, 1)]);
    assert.deepEqual(await table({ kind: 'byzantine', workers: [1], from: 3, to: 6 }), [clean(3, 0), clean(3, 1), clean(6, 0), [6, 1, 'byzantine', '', 'B'], clean(9, 0), clean(9, 1)]);
    assert.deepEqual(await table({ kind: 'pause', from: 4, to: 8 }), [clean(3, 0), clean(3, 1), [8, 0, 'pause', '', ''], [8, 1, 'pause', '', ''], clean(11, 0), clean(11, 1)]);
  });

  it('scripted: a step pulled while its worker is down is lost at its scripted push time, never moved; the run keeps every scripted arrival', async () => {
    // Worker 0 pulls at 0, 4, 8, 12 and pushes two ticks later; worker 1 pulls at 0, 6, 12 and pushes three later.
    const scripted = { task: 'linreg', workers: 2, byzantine: { count: 0 }, timing: { model: 'scripted', script: ['p-a-p-a-p-a-p-a', 'p--a--p--a--p--a'] } } as const;
    const run = async (faults: FaultInput[]) => rows((await simulate({ ...scripted, steps: 7, faults }, { threads: 0 })).records);
    const clean = [[2, 0, '', ''], [3, 1, '', ''], [6, 0, '', ''], [9, 1, '', ''], [10, 0, '', ''], [14, 0, '', ''], [15, 1, '', '']];
    assert.deepEqual(await run([]), clean);
    // Down from 3 to 8: the step pulled at 4 is lost (at 6); the step pulled at 8 runs as scripted.
    const restart = clean.map((r) => (r[0] === 6 ? [6, 0, 'crash', 'lost'] : r));
    assert.deepEqual(await run([{ kind: 'crash', workers: [0], at: 3, restart: 8 }]), restart);
    // No restart: every later step of worker 0 is lost, and the run still has its 7 arrivals.
    const forever = clean.map((r) => (r[1] === 0 && (r[0] as number) > 3 ? [r[0], 0, 'crash', 'lost'] : r));
    assert.deepEqual(await run([{ kind: 'crash', workers: [0], at: 3 }]), forever);
  });

  it('the report marks the fault windows and the faulted arrivals on the time axis', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'byzsim-faults-'));
    await simulate({ ...base, steps: 12, faults: [{ kind: 'pause', from: 5, to: 8 }, { kind: 'crash', workers: [1], at: 10, restart: 14 }] }, { threads: 0, outDir: dir });
    await writeReport(dir);
    assert.match(readFileSync(join(dir, 'report.md'), 'utf8'), /## Applied updates over virtual time, with the fault windows/);
    const svg = readFileSync(join(dir, 'faults-timeline.svg'), 'utf8');
    assert.match(svg, /virtual time \(ms\)/);
    for (const kind of ['pause', 'crash']) assert.ok(svg.includes(`>${kind}<`), `legend names ${kind}`);
  });

  it('bad faults are config errors naming the field', () => {
    assert.throws(() => resolveConfig({ ...base, faults: [{ kind: 'crash', workers: [2], at: 1 }] }), /faults\[0\]\.workers: expected worker ids below workers \(2\), got 2/);
    assert.throws(() => resolveConfig({ ...base, faults: [{ kind: 'pause', from: 5, to: 5 }] }), /faults\[0\]\.to: expected a time after 5 ms/);
    assert.throws(() => resolveConfig({ task: 'linreg', faults: [{ kind: 'crash', workers: [0], at: 1 }] }), /faults\[0\]\.restart: bounded timing hands arrivals/);
    assert.throws(() => resolveConfig({ ...base, faults: [{ kind: 'flood', from: 1 }] }), /faults\[0\]\.kind/);
    // Bounded timing takes 0.001 ms an arrival: 30 steps last 0.03 ms, so a fault from 5 ms would never happen.
    assert.throws(() => resolveConfig({ task: 'linreg', steps: 30, faults: [{ kind: 'pause', from: 5, to: 10 }] }), /faults\[0\]\.from: bounded timing: the run lasts 0\.03 ms \(one arrival each 0\.001 ms\), so a fault from 5 ms never happens/);
    assert.equal(resolveConfig({ task: 'linreg', steps: 30, faults: [{ kind: 'pause', from: 0.01, to: 0.02 }] }).faults!.length, 1);
  });
});
