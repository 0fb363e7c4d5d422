import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/config/resolve.js';
import { ConfigError } from '../../src/core/errors.js';
import { simulate } from '../../src/experiments/simulate.js';

const task = { name: 'linreg', features: 4, samples: 600, validationSize: 50, testSize: 50 } as const;
const base = { task, workers: 9, optimizer: { lr: 0.05, batchSize: 16 }, evalEvery: 20, steps: 20 } as const;

describe('pre-aggregation in a run', function () {
  this.timeout(60_000);

  it('sync: a pre chain from the config runs, is seeded by the run seed, and records its defaults in the resolved config', async () => {
    const config = { ...base, mode: 'sync', byzantine: { count: 2, attack: { name: 'sign-flip', scale: 10 } }, policy: { name: 'krum', f: 1, pre: [{ name: 'nnm', f: 2 }, { name: 'bucketing' }] } } as const;
    const a = await simulate(config, { threads: 0 });
    const b = await simulate(config, { threads: 0 });
    assert.equal(a.summary.traceHash, b.summary.traceHash);
    assert.equal(a.summary.modelHash, b.summary.modelHash);
    assert.deepEqual((a.config.policy as Readonly<Record<string, unknown>>).pre, [{ name: 'nnm', f: 2 }, { name: 'bucketing', s: 2 }]);
    const reseeded = await simulate({ ...config, seed: 2 }, { threads: 0 });
    assert.notEqual(reseeded.summary.modelHash, a.summary.modelHash);
    assert.ok(a.finalParams.every(Number.isFinite));
  });

  it("async: buffered's rule takes a pre chain too", async () => {
    const r = await simulate({ ...base, policy: { name: 'buffered', size: 6, aggregator: { name: 'median', pre: [{ name: 'arc', f: 1 }] } } }, { threads: 0 });
    assert.equal(r.records.length, 20);
  });

  it('validates the chain like a rule, before any work', () => {
    const bad = (policy: object, mode = 'sync') => () => resolveConfig({ ...base, mode, policy });
    assert.throws(bad({ name: 'krum', f: 1, pre: [{ name: 'bucketing', s: 3 }] }), (e: unknown) => e instanceof ConfigError && e.message === 'policy.f: expected n > 2f + 2 (n = 3), got f = 1');
    assert.throws(bad({ name: 'mean', pre: [{ name: 'nnm' }] }), /policy\.pre\[0\]\.f/);
    assert.throws(bad({ name: 'mean', pre: [{ name: 'shuffle' }] }), /policy\.pre\[0\]\.name: unknown pre-aggregator "shuffle"/);
    assert.throws(bad({ name: 'buffered', aggregator: { name: 'mean', pre: [{ name: 'nnm', f: 9 }] } }, 'async'), /policy\.aggregator\.pre\[0\]\.f: expected f < n \(n = 9\), got f = 9/);
  });
});

describe('fltrust in a run (the server gradient as root-data gradient)', function () {
  this.timeout(60_000);
  it('sync: converges under sign-flip by 4 of 9 where the mean is driven away; buffered refuses it', async () => {
    const byzantine = { count: 4, attack: { name: 'sign-flip', scale: 10 } } as const;
    const config = { ...base, mode: 'sync', byzantine, steps: 60, evalEvery: 60 } as const;
    const trusted = await simulate({ ...config, policy: { name: 'fltrust', validationBatch: 32 } }, { threads: 0 });
    const again = await simulate({ ...config, policy: { name: 'fltrust', validationBatch: 32 } }, { threads: 1 });
    const mean = await simulate({ ...config, policy: { name: 'mean' } }, { threads: 0 });
    assert.equal(trusted.summary.modelHash, again.summary.modelHash, 'same result inline and on a pool');
    assert.ok(trusted.summary.final.testLoss < 0.1, `fltrust loss ${trusted.summary.final.testLoss}`);
    assert.ok(!(mean.summary.final.testLoss < 1), `mean loss ${mean.summary.final.testLoss}`);
    // Near the optimum noisy gradients can make a flipped one agree with g₀, so a few get some trust.
    assert.ok(trusted.summary.arrivals.falseNegativeRate < 0.2, `flipped vectors trusted: ${trusted.summary.arrivals.falseNegativeRate}`);
    assert.throws(() => resolveConfig({ ...base, policy: { name: 'buffered', aggregator: { name: 'fltrust' } } }), /policy\.aggregator\.name: "fltrust" needs pool jobs each round/);
  });
});

describe("monna with the server's gradient as the trusted vector", function () {
  this.timeout(60_000);
  it('sync: converges under sign-flip by the 2 lowest-id workers, whom idx = 0 would trust', async () => {
    const config = { ...base, mode: 'sync', byzantine: { count: 2, attack: { name: 'sign-flip', scale: 10 } }, steps: 60, evalEvery: 60 } as const;
    const server = await simulate({ ...config, policy: { name: 'monna', f: 2, idx: 'server', validationBatch: 32 } }, { threads: 0 });
    const worker0 = await simulate({ ...config, policy: { name: 'monna', f: 2 } }, { threads: 0 });
    assert.ok(server.summary.final.testLoss < 0.1, `server-trusted loss ${server.summary.final.testLoss}`);
    assert.ok(!(worker0.summary.final.testLoss < 1), `trusting Byzantine worker 0: loss ${worker0.summary.final.testLoss}`);
  });

  it('sync: idx is the worker id when a worker sends nothing (before, it counted the vectors left and trusted the next worker)', async () => {
    // Worker 0 never pushes, worker 8 pushes Byzantine (sign-flip ×10) every round, the others honest.
    const rounds = 30;
    const line = (c: string) => Array<string>(rounds).fill(c).join('|');
    const script = [line('-'), ...Array<string>(7).fill(line('a')), line('b')];
    const config = { ...base, mode: 'sync', byzantine: { count: 0, attack: { name: 'sign-flip', scale: 10 } }, timing: { model: 'scripted', script }, steps: rounds, evalEvery: rounds } as const;
    const seven = await simulate({ ...config, policy: { name: 'monna', f: 2, idx: 7 } }, { threads: 0 });
    assert.ok(seven.summary.final.testLoss < 0.1, `trusting honest worker 7: loss ${seven.summary.final.testLoss} (position 7 is Byzantine worker 8)`);
    // Trusting the silent worker 0: no trusted vector, so every round is skipped (not another worker trusted).
    const silent = await simulate({ ...config, policy: { name: 'monna', f: 2, idx: 0 } }, { threads: 0 });
    assert.equal(silent.summary.skipped, rounds);
  });
});
