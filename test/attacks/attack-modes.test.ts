import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cellConfig, outcome, settings, variants } from '../../bench/attack-modes.js';
import { attacks } from '../../src/attacks/registry.js';
import { ConfigError } from '../../src/core/errors.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { simulate } from '../../src/experiments/simulate.js';
import { planSweep } from '../../src/experiments/sweep.js';

const exec = promisify(execFile);
const cli = (args: string[]) => exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });

const task = { name: 'linreg', features: 3, samples: 400, validationSize: 40, testSize: 40 } as const;
const base = { task, workers: 5, steps: 4, evalEvery: 1000, optimizer: { lr: 0.01, batchSize: 8 } } as const;
const sync = { ...base, mode: 'sync', policy: { name: 'mean' } } as const;

/** The one issue of the ConfigError `config` is refused with. */
function refusal(config: unknown): { path: string; message: string } {
  try {
    resolveConfig(config);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.equal(e.issues.length, 1, e.message);
    return e.issues[0];
  }
  return assert.fail('expected a ConfigError');
}

describe('no attack silently does nothing', function () {
  this.timeout(120_000);

  it('every registered attack, in every setting of the matrix, changes the run (vs the honest control) or is refused before any work', async () => {
    // bench/attack-modes.ts prints this matrix; before the check, 71 of its cells ran as no-ops and 2 failed mid-run.
    const seen = { acts: 0, refused: 0 };
    for (const name of Object.keys(attacks)) {
      if (name === 'none') continue; // honest by design: the control itself
      for (const params of [{}, ...(variants[name] ?? [])]) {
        for (const [where, setting] of settings) {
          const o = await outcome(cellConfig(setting, { name, ...params }));
          assert.ok(o.kind === 'acts' || o.kind === 'refused', `${name} ${JSON.stringify(params)}, ${where}: ${o.kind} ${o.detail ?? ''}`);
          if (o.kind === 'refused') assert.match(o.detail!, /^byzantine\.(attack\.[a-z]+|startAfter)$/, `${name}, ${where}`);
          seen[o.kind]++;
        }
      }
    }
    assert.ok(seen.acts > 200 && seen.refused > 50, JSON.stringify(seen));
  });
});

describe('attacks refused where they would do nothing, naming the field', () => {
  it('minmax and minsum without a round: async mode, or local knowledge', () => {
    for (const name of ['minmax', 'minsum']) {
      const a = refusal({ ...base, byzantine: { count: 2, attack: { name } } });
      assert.equal(a.path, 'byzantine.attack.name');
      assert.match(a.message, new RegExp(`^"${name}" .*in async mode there is no round, so it would send the worker's own honest gradient unchanged: use "mode": "sync" with "knowledge": "omniscient"`));
      const l = refusal({ ...sync, byzantine: { count: 2, knowledge: 'local', attack: { name, direction: 'std' } } });
      assert.equal(l.path, 'byzantine.attack.name');
      assert.match(l.message, /with "knowledge": "local" a worker sees only its own gradient/);
    }
  });

  it('alie and mimic without a round', () => {
    for (const name of ['alie', 'mimic']) {
      assert.equal(refusal({ ...base, byzantine: { count: 2, attack: { name } } }).path, 'byzantine.attack.name');
      assert.equal(refusal({ ...sync, byzantine: { count: 2, knowledge: 'local', attack: { name } } }).path, 'byzantine.attack.name');
    }
  });

  it("alie z = 'auto': refused at config time when a round can lack z_max (before: at the first such round)", async () => {
    // 3 of 5 Byzantine: m = 3 > ⌊5/2⌋ in every round.
    const many = { ...sync, byzantine: { count: 3, attack: { name: 'alie' } } };
    const a = refusal(many);
    assert.equal(a.path, 'byzantine.attack.z');
    assert.match(a.message, /exists only for n ≥ 3 and m ≤ ⌊n\/2⌋; a round of this run can have 5 vectors of which 3 Byzantine, giving n = 5, m = 3/);
    await assert.rejects(simulate(many, { threads: 0 }), { name: 'ConfigError', message: /^byzantine\.attack\.z: / });
    // Fewer than 3 vectors a round (workers − dropSlowest).
    assert.equal(refusal({ ...sync, workers: 4, sync: { dropSlowest: 2 }, byzantine: { count: 1, attack: { name: 'alie' } } }).path, 'byzantine.attack.z');
    // Bernoulli: any number of a round's pushes may be Byzantine, unless m is given.
    const bernoulli = refusal({ ...sync, byzantine: { count: 1, assignment: 'bernoulli', attack: { name: 'alie' } } });
    assert.match(bernoulli.message, /under a Bernoulli assignment any number of them may be Byzantine/);
    await simulate({ ...sync, byzantine: { count: 1, assignment: 'bernoulli', attack: { name: 'alie', byzantine: 2 } } }, { threads: 0 });
    // A crash fault can shrink a round to 3 vectors, where 2 Byzantine have no z_max; `workers` and `byzantine` fix it.
    const crash = { ...sync, workers: 5, byzantine: { count: 2, attack: { name: 'alie' } }, timing: { model: 'latency', compute: { type: 'constant', value: 10 } }, faults: [{ kind: 'crash', workers: [3, 4], at: 15, restart: 40 }] };
    assert.match(refusal(crash).message, /a round of this run can have 3 vectors of which 2 Byzantine/);
    resolveConfig({ ...crash, byzantine: { count: 2, attack: { name: 'alie', workers: 5, byzantine: 2 } } });
    // 'optimal' falls back to z_max only in a round without an honest vector: possible here (4 of 5 after the drop).
    assert.match(refusal({ ...sync, sync: { dropSlowest: 1 }, byzantine: { count: 4, attack: { name: 'alie', z: 'optimal' } } }).message, /4 vectors of which 4 Byzantine/);
    // With both given, the existing check at creation still names `byzantine`.
    assert.equal(refusal({ ...sync, byzantine: { count: 2, attack: { name: 'alie', workers: 10, byzantine: 6 } } }).path, 'byzantine.attack.byzantine');
  });

  it("alie z = 'optimal' and ipm epsilon = 'optimal' with nothing to search (a rule with assess, async, local)", () => {
    const zeno = { ...sync, policy: { name: 'zeno', b: 2, validationBatch: 8 } };
    assert.equal(refusal({ ...zeno, byzantine: { count: 2, attack: { name: 'alie', z: 'optimal' } } }).path, 'byzantine.attack.z');
    for (const config of [zeno, base, { ...sync, byzantine: { knowledge: 'local' } }]) {
      const i = refusal({ ...config, byzantine: { ...('byzantine' in config ? config.byzantine : {}), count: 2, attack: { name: 'ipm', epsilon: 'optimal' } } });
      assert.equal(i.path, 'byzantine.attack.epsilon');
      assert.match(i.message, /every Byzantine vector would use ε = 0\.1; give a number/);
    }
  });

  it('mimic: a target beyond the round, or the only Byzantine worker itself', () => {
    const beyond = refusal({ ...sync, sync: { dropSlowest: 1 }, byzantine: { count: 2, attack: { name: 'mimic', target: 4 } } });
    assert.equal(beyond.path, 'byzantine.attack.target');
    assert.match(beyond.message, /below the 4 vectors a round aggregates/);
    const self = refusal({ ...sync, byzantine: { count: 1, attack: { name: 'mimic', target: 0 } } });
    assert.equal(self.path, 'byzantine.attack.target');
    assert.match(self.message, /worker 0 is the only Byzantine worker, so it would copy its own honest gradient/);
    // The same with `pick: 'random'` is refused exactly when the seeded draw makes the target the Byzantine worker.
    const picked = [0, 1, 2, 3, 4].filter((target) => {
      try {
        resolveConfig({ ...sync, seed: 7, byzantine: { count: 1, pick: 'random', attack: { name: 'mimic', target } } });
        return false;
      } catch {
        return true;
      }
    });
    assert.equal(picked.length, 1);
  });

  it("delay 'slowest' with factor 1 under latency timing (one version kept, the delay unchanged): refused; factor 2 acts", async () => {
    const latency = { ...base, steps: 24, timing: { model: 'latency', compute: { type: 'uniform', min: 5, max: 15 } } } as const;
    const d = refusal({ ...latency, byzantine: { count: 2, attack: { name: 'delay', factor: 1 } } });
    assert.equal(d.path, 'byzantine.attack.name');
    assert.match(d.message, /latency timing with 'slowest' and factor 1/);
    assert.equal((await outcome(cellConfig({ ...latency, mode: 'async' }, { name: 'delay', factor: 2 }))).kind, 'acts');
    // kardam-flood's own timing is 'fastest' (factor 1): it floods, so it is not refused.
    resolveConfig({ ...latency, byzantine: { count: 2, attack: { name: 'kardam-flood' } } });
  });

  it('delay: in sync mode and under a timing that leaves no choice', () => {
    for (const config of [sync, { ...base, timing: { model: 'bounded', maxDelay: 0 } }, { ...base, workers: 2, steps: 2, timing: { model: 'scripted', script: ['p-a', '-pa'] } }]) {
      const d = refusal({ ...config, byzantine: { count: 1, attack: { name: 'delay' } } });
      assert.equal(d.path, 'byzantine.attack.name');
      assert.match(d.message, /^"delay" acts only on its workers' timing/);
    }
  });

  it("bit-flip: count 0, and source 'shared' without a round", () => {
    assert.equal(refusal({ ...base, byzantine: { count: 1, attack: { name: 'bit-flip', count: 0 } } }).path, 'byzantine.attack.count');
    assert.equal(refusal({ ...base, byzantine: { count: 1, attack: { name: 'bit-flip', source: 'shared' } } }).path, 'byzantine.attack.source');
  });

  it('startAfter at or beyond the run: the attack would never start', () => {
    const s = refusal({ ...base, steps: 10, byzantine: { count: 1, startAfter: 10 } });
    assert.equal(s.path, 'byzantine.startAfter');
    assert.match(s.message, /expected fewer than steps \(10 arrivals\)/);
    resolveConfig({ ...base, steps: 10, byzantine: { count: 0, startAfter: 10 } });
  });

  it('a sweep checks every cell before running any, naming the refused ones', () => {
    const spec = { name: 'refused', base: { ...sync, byzantine: { count: 2 } }, grid: { 'byzantine.attack': [{ name: 'minmax' }, { name: 'delay' }, { name: 'sign-flip' }] } };
    assert.throws(() => planSweep(spec), (e: Error) => {
      assert.ok(e instanceof ConfigError);
      assert.deepEqual(e.issues.map((i) => i.path), ['byzantine.attack.name']);
      assert.match(e.message, /"delay" acts only on its workers' timing: in sync mode .*\(cell byzantine\.attack=/);
      return true;
    });
  });

  it('byzsim run and byzsim sweep exit with code 2 and write nothing', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'byzsim-attack-modes-'));
    const config = join(dir, 'minmax-async.json');
    writeFileSync(config, JSON.stringify({ ...base, byzantine: { count: 2, attack: { name: 'minmax' } } }));
    const run = await cli(['run', config, '--out', join(dir, 'run')]).then(() => assert.fail('expected a failure'), (e: { code: number; stderr: string }) => e);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /byzantine\.attack\.name: "minmax" /);
    assert.equal(existsSync(join(dir, 'run')), false);
    const spec = join(dir, 'sweep.json');
    writeFileSync(spec, JSON.stringify({ name: 'alie', base: { ...sync }, grid: { 'byzantine.count': [1, 3], 'byzantine.attack': [{ name: 'alie' }] } }));
    const sweep = await cli(['sweep', spec, '--out', join(dir, 'sweep'), '--threads', '0']).then(() => assert.fail('expected a failure'), (e: { code: number; stderr: string }) => e);
    assert.equal(sweep.code, 2);
    assert.match(sweep.stderr, /byzantine\.attack\.z: .*\(cell byzantine\.count=3/);
    assert.equal(existsSync(join(dir, 'sweep')), false, 'the good cell (count 1) did not run either');
  });
});
