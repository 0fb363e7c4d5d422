import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../src/experiments/simulate.js';

const base = {
  task: { name: 'linreg', features: 3, samples: 500, validationSize: 50, testSize: 50 },
  workers: 5,
  byzantine: { count: 2, attack: { name: 'gaussian', sigma: 1 } },
  optimizer: { lr: 0.01, batchSize: 8 },
  evalEvery: 100,
  seed: 9,
} as const;

describe('Byzantine arrivals in the event log', function () {
  this.timeout(60_000);

  it('start only after the warm-up (arrivals in async mode, rounds in sync mode)', async () => {
    const async = await simulate({ ...base, byzantine: { ...base.byzantine, startAfter: 50 }, steps: 200 }, { threads: 0 });
    // A pull sent after arrival k is handled arrives later, so the first Byzantine arrival comes after 50.
    const firstAsync = async.records.find((r) => r.byzantine)!.arrival;
    assert.ok(firstAsync >= 50 && firstAsync <= 55, `first Byzantine arrival ${firstAsync}`);
    const sync = await simulate({ ...base, mode: 'sync', policy: { name: 'median' }, byzantine: { ...base.byzantine, startAfter: 10 }, steps: 20 }, { threads: 0 });
    assert.equal(sync.records.find((r) => r.byzantine)!.arrival, 10 * 5);
  });

  it('name the attack that produced each Byzantine arrival', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'byzsim-')), 'run');
    const r = await simulate({ ...base, steps: 30 }, { threads: 0, outDir: dir });
    const rows = readFileSync(join(dir, 'events.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const [header, ...body] = rows;
    const byz = header.indexOf('byzantine');
    const attack = header.indexOf('attack');
    assert.ok(attack > 0);
    for (const row of body) assert.equal(row[attack], row[byz] === '1' ? 'gaussian' : '');
    assert.equal(body.filter((row) => row[byz] === '1').length, r.summary.arrivals.byzantine);
  });
});

describe('asynchronous threats', function () {
  this.timeout(60_000);
  const honestOnly = { ...base, optimizer: { lr: 0.05, batchSize: 8 } } as const;

  it('omission: Byzantine gradients are never sent, logged as omitted, and training goes on (async and sync)', async () => {
    const async = await simulate({ ...honestOnly, byzantine: { count: 2, attack: { name: 'omission' } }, steps: 100 }, { threads: 0 });
    const byz = async.records.filter((r) => r.byzantine);
    assert.equal(byz.length, 40);
    for (const r of byz) assert.equal(r.decision.reason, 'omitted');
    assert.equal(async.summary.final.version, 60);
    const sync = await simulate({ ...honestOnly, mode: 'sync', policy: { name: 'mean' }, byzantine: { count: 2, attack: { name: 'omission' } }, steps: 10 }, { threads: 0 });
    assert.equal(sync.records.length, 50);
    assert.equal(sync.records.filter((r) => r.decision.reason === 'omitted').length, 20);
    assert.equal(sync.summary.final.version, 10, 'every round aggregates the three vectors that arrived');
  });

  it("delay 'slowest' makes Byzantine gradients as stale as the bounded model allows; 'fastest' makes them fresh", async () => {
    const timing = { model: 'bounded', maxDelay: 4 } as const;
    const slow = await simulate({ ...honestOnly, timing, byzantine: { count: 2, attack: { name: 'delay', latency: 'slowest' } }, steps: 100 }, { threads: 0 });
    for (const r of slow.records.filter((x) => x.byzantine && x.arrival >= 10)) assert.equal(r.staleness, 4);
    const fast = await simulate({ ...honestOnly, timing, byzantine: { count: 2, attack: { name: 'delay', latency: 'fastest' } }, steps: 100 }, { threads: 0 });
    for (const r of fast.records.filter((x) => x.byzantine)) assert.equal(r.staleness, 0);
  });

  it("delay 'fastest' floods the server in latency mode: the Byzantine workers send most gradients", async () => {
    const r = await simulate(
      { ...honestOnly, timing: { model: 'latency', compute: { type: 'constant', value: 10 } }, byzantine: { count: 1, attack: { name: 'delay', latency: 'fastest' } }, steps: 200 },
      { threads: 0 },
    );
    // One of 5 workers, but it pulls again every tick while the others take 11 ms.
    assert.ok(r.summary.arrivals.byzantine > 150, `Byzantine arrivals ${r.summary.arrivals.byzantine}`);
  });
});

describe('attacker knowledge', function () {
  this.timeout(60_000);
  const sync = { ...base, mode: 'sync', policy: { name: 'mean' }, steps: 10 } as const;

  it('a local mimic only knows its own gradient, so it would behave honestly: refused; an omniscient one copies worker 0', async () => {
    const none = await simulate({ ...sync, byzantine: { count: 2, attack: { name: 'none' } } }, { threads: 0 });
    await assert.rejects(simulate({ ...sync, byzantine: { count: 2, knowledge: 'local', attack: { name: 'mimic', target: 0 } } }, { threads: 0 }), {
      name: 'ConfigError',
      message: /^byzantine\.attack\.name: "mimic" .*"knowledge": "local"/,
    });
    const omniscient = await simulate({ ...sync, byzantine: { count: 2, attack: { name: 'mimic', target: 0 } } }, { threads: 0 });
    assert.notEqual(omniscient.summary.modelHash, none.summary.modelHash);
  });
});

describe('omniscient knowledge in async mode', function () {
  this.timeout(60_000);

  it('ipm uses the true gradient at the pulled model (a large-batch job), local ipm only its own', async () => {
    const cfg = (knowledge: 'omniscient' | 'local') =>
      ({ ...base, byzantine: { count: 2, knowledge, trueBatch: 200, attack: { name: 'ipm', epsilon: 0.5 } }, steps: 40 }) as const;
    const omniscient = await simulate(cfg('omniscient'), { threads: 0 });
    const local = await simulate(cfg('local'), { threads: 0 });
    const flip = await simulate({ ...base, byzantine: { count: 2, attack: { name: 'sign-flip', scale: 0.5 } }, steps: 40 }, { threads: 0 });
    // Local ipm is −ε·g_own, i.e. sign-flip with scale ε: the same bits.
    assert.equal(local.summary.modelHash, flip.summary.modelHash);
    assert.notEqual(omniscient.summary.modelHash, local.summary.modelHash);
    assert.ok(omniscient.summary.arrivals.byzantine > 0);
    // The true-gradient jobs run on the pool like any other: same results at any pool size.
    const same = await simulate(cfg('omniscient'), { threads: 2 });
    assert.equal(same.summary.traceHash, omniscient.summary.traceHash);
    assert.equal(same.summary.modelHash, omniscient.summary.modelHash);
  });
});
