import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import { describeSwarm, expectDeterministic, expectGolden, firstDivergence, randomFaults, scenario, swarm } from '../../src/testing/index.js';

const base = { task: 'linreg', workers: 2, byzantine: { count: 0 }, timing: { model: 'scripted', script: ['p--(ap)--a', '-p----b'] } } as const;

describe('byzsim/testing', function () {
  this.timeout(120_000);

  it('scenario: runs every scripted push when steps is left out, and answers queries on the trace', async () => {
    const s = await scenario(base);
    assert.equal(s.arrivals.length, 3);
    assert.deepEqual(s.byWorker(1).map((r) => [r.staleness, r.byzantine]), [[2, true]]);
    assert.deepEqual(s.where({ byzantine: false }).map((r) => r.arrival), [0, 1]);
    assert.equal(s.decisions(), '+++');
    assert.deepEqual(s.acceptedArrivals({ worker: 0 }), [0, 1]);
    assert.deepEqual(s.where({ from: 4, to: 7 }).map((r) => r.time), [6000, 6000]);
    // The model at each version: version 1 is version 0 after one SGD step.
    assert.notDeepEqual(s.modelAt(1), s.modelAt(0));
    assert.deepEqual(s.modelAt(3), s.result.finalParams);
    assert.throws(() => s.modelAt(9), /no model version 9: the run published versions 0\.\.3/);
  });

  it('firstDivergence names the first differing arrival, its fields, and how many later ones differ', () => {
    const a = 'time_ms,worker,accepted\n1,0,1\n2,1,1\n3,0,1\n';
    assert.equal(firstDivergence(a, a), undefined);
    assert.equal(
      firstDivergence(a, 'time_ms,worker,accepted\n1,0,1\n2,1,0\n3,0,0\n'),
      'first divergence at arrival 1 (time 2 ms, worker 1): accepted expected "1", got "0" (1 later arrival differs too)',
    );
    // A golden file with CRLF line ends (a Windows checkout) is the same trace; a changed row still differs.
    assert.equal(firstDivergence(a.replace(/\n/g, '\r\n'), a), undefined);
    assert.match(firstDivergence('time_ms,worker,accepted\r\n1,0,1\r\n2,1,0\r\n', 'time_ms,worker,accepted\n1,0,1\n2,1,1\n')!, /^first divergence at arrival 1 \(time 2 ms, worker 1\): accepted expected "0", got "1"$/);
    assert.equal(firstDivergence(a, 'time_ms,worker,accepted\n1,0,1\n'), 'the first 1 arrivals agree, but expected has 3 arrivals and got 1');
  });

  it('expectGolden writes a missing golden trace, passes on a match and reports a mismatch in words', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'byzsim-golden-')), 'trace.csv');
    const s = await scenario(base);
    // Under CI (the CI variable set) a missing golden file is an error, elsewhere it is written: test both,
    // whatever environment the suite runs in.
    const ci = process.env.CI;
    try {
      process.env.CI = 'true';
      await assert.rejects(expectGolden(s, file, { update: false }), /golden trace .* is missing; create it with BYZSIM_UPDATE_GOLDEN=1/);
      assert.equal(existsSync(file), false);
      delete process.env.CI;
      await expectGolden(s, file, { update: false });
    } finally {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
    }
    await expectGolden(s, file);
    // Tamper with the golden file: arrival 2 was "rejected" in the stored trace.
    const lines = readFileSync(file, 'utf8').split('\n');
    const header = lines[0].split(',');
    const row = lines[3].split(',');
    row[header.indexOf('accepted')] = '0';
    lines[3] = row.join(',');
    writeFileSync(file, lines.join('\n'));
    await assert.rejects(expectGolden(s, file), /first divergence at arrival 2 \(time 6 ms, worker 1\): accepted golden "0", got "1"/);
  });

  it('expectDeterministic passes for a faulty latency run inline and on pools of 1 and 2', async () => {
    const s = await expectDeterministic({
      task: 'linreg', workers: 3, steps: 20, byzantine: { count: 1 }, policy: { name: 'zeno++', refreshEvery: 3, validationBatch: 8 },
      timing: { model: 'latency' }, faults: [{ kind: 'spike', workers: [2], from: 5, to: 30, factor: 4 }],
    });
    assert.equal(s.arrivals.length, 20);
  });

  it('random faults fit a short run: under bounded timing (0.001 ms an arrival) every window is valid and starts inside the run', () => {
    const steps = 30; // 0.03 ms of virtual time
    for (let seed = 1; seed <= 40; seed++) {
      const faults = randomFaults(seed, 4, steps / 1000);
      for (const f of faults) {
        const { from, to } = f.kind === 'crash' ? { from: f.at, to: f.restart! } : { from: f.from, to: f.to! };
        assert.ok(from >= 0 && from < steps / 1000 && to > from, `seed ${seed}: ${JSON.stringify(f)}`);
      }
      resolveConfig({ task: 'linreg', workers: 4, steps, faults });
    }
  });

  it('swarm: reports the failing seeds with a command that reruns each, the seed alone fails again, and the failure shrinks', async () => {
    const config = { task: 'linreg', workers: 4, steps: 24, byzantine: { count: 0 }, timing: { model: 'latency' } } as const;
    // Property: no push is ever lost. Random crashes and dropping partitions break it.
    const noLoss = (s: { where(q: object): unknown[] }) => assert.equal(s.where({ reason: 'lost' }).length, 0, 'a push was lost');
    const report = await swarm(config, noLoss, { seeds: 8, faults: { max: 3, kinds: ['crash', 'partition', 'spike'] } });
    assert.ok(report.failures.length > 0 && report.failures.length < 8, `expected some seeds to fail, got ${report.failures.length}`);
    const f = report.failures[0];
    assert.match(f.command, new RegExp(`^BYZSIM_SWARM_SEED=${f.seed} (node|npx mocha) `));
    assert.match(f.message, /a push was lost/);
    // The seed alone, as the printed command runs it, fails the same way.
    process.env.BYZSIM_SWARM_SEED = String(f.seed);
    try {
      const again = await swarm(config, noLoss, { seeds: 8, faults: { max: 3, kinds: ['crash', 'partition', 'spike'] }, shrink: false });
      assert.deepEqual(again.seeds, [f.seed]);
      assert.deepEqual(again.failures.map((x) => x.config), [f.config]);
    } finally {
      delete process.env.BYZSIM_SWARM_SEED;
    }
    // Shrunk: one fault, fewer steps, still failing.
    const shrunk = f.shrunk!;
    assert.equal(shrunk.config.faults!.length, 1);
    assert.ok(['crash', 'partition'].includes(shrunk.config.faults![0].kind));
    assert.ok(shrunk.config.steps! < 24, `steps ${shrunk.config.steps}`);
    assert.match(describeSwarm(report), /seed \d+: a push was lost[\s\S]*rerun: BYZSIM_SWARM_SEED=\d+[\s\S]*shrunk in \d+ runs to/);
  });
});
