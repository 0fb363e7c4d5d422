import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunConfigInput } from '../../src/config/schema.js';
import { replay } from '../../src/experiments/replay.js';
import { simulate } from '../../src/experiments/simulate.js';
import { timingColumns } from '../../src/experiments/trace.js';

const exec = promisify(execFile);
const tmp = () => mkdtempSync(join(tmpdir(), 'byzsim-replay-'));
const events = (dir: string) => readFileSync(join(dir, 'events.csv'), 'utf8');

/** The timing columns of an events.csv, as text. */
function timingText(csv: string): string {
  const [header, ...rows] = csv.trim().split('\n').map((l) => l.split(','));
  const idx = timingColumns.map((c) => header.indexOf(c));
  assert.ok(idx.every((i) => i >= 0));
  return rows.map((r) => idx.map((i) => r[i]).join(',')).join('\n');
}

const base = { task: 'linreg', workers: 5, steps: 40, evalEvery: 10, seed: 5 } as const;
const runs: Record<string, RunConfigInput> = {
  latency: { ...base, byzantine: { count: 1, attack: { name: 'sign-flip', scale: 4 } }, policy: { name: 'zeno++', refreshEvery: 4, validationBatch: 16 }, timing: { model: 'latency', stragglers: { count: 1, factor: 3 } } },
  bounded: { ...base, byzantine: { count: 2, assignment: 'bernoulli' }, policy: { name: 'zeno++', refreshEvery: 4, validationBatch: 16 }, timing: { maxDelay: 4 } },
  scripted: { ...base, workers: 2, steps: 3, byzantine: { count: 0 }, timing: { model: 'scripted', script: ['p--(ap)--a', '-p----b'] } },
  faults: {
    ...base,
    byzantine: { count: 1 },
    policy: { name: 'zeno++', refreshEvery: 4, validationBatch: 16 },
    timing: { model: 'latency' },
    faults: [{ kind: 'crash', workers: [0], at: 20, restart: 60 }, { kind: 'partition', workers: [1, 2], from: 30, to: 50 }, { kind: 'spike', workers: [3], from: 0, to: 40, factor: 4 }, { kind: 'pause', from: 70, to: 80 }],
  },
  sync: { ...base, mode: 'sync', steps: 8, byzantine: { count: 1 }, policy: { name: 'median' }, sync: { dropSlowest: 1 }, timing: { model: 'latency' } },
  // Attacks refused where they cannot act are not refused in their replay: the recording holds a timing attack's
  // timing, and ALIE's z_max and mimic's target are checked against the recorded rounds.
  delay: { ...base, byzantine: { count: 1, attack: { name: 'delay', latency: 'fastest' } }, policy: { name: 'zeno++', refreshEvery: 4, validationBatch: 16 }, timing: { model: 'latency' } },
  alie: { ...base, mode: 'sync', steps: 6, byzantine: { count: 2, attack: { name: 'alie' } }, policy: { name: 'median' }, sync: { dropSlowest: 1 }, timing: { model: 'latency' } },
  mimic: { ...base, mode: 'sync', steps: 6, byzantine: { count: 2, attack: { name: 'mimic', target: 3 } }, policy: { name: 'median' }, timing: { model: 'latency' } },
};

describe('replay', function () {
  this.timeout(120_000);

  for (const [name, config] of Object.entries(runs)) {
    it(`${name}: replaying with no override gives the identical event log; another policy keeps the timing columns byte-identical`, async () => {
      const dir = tmp();
      await simulate(config, { threads: 0, outDir: join(dir, 'a') });
      const same = await replay(join(dir, 'a'), {}, { threads: 0, outDir: join(dir, 'b') });
      assert.equal(events(join(dir, 'b')), events(join(dir, 'a')));
      assert.equal(same.config.timing.model, 'replay');
      const other = config.mode === 'sync' ? { policy: { name: 'mean' } } : { policy: { name: 'kardam' }, byzantine: { attack: { name: 'gaussian', sigma: 5 } } };
      const changed = await replay(join(dir, 'a'), other, { threads: 0, outDir: join(dir, 'c') });
      assert.equal(timingText(events(join(dir, 'c'))), timingText(events(join(dir, 'a'))));
      assert.notEqual(changed.summary.modelHash, same.summary.modelHash, 'the other policy must change the run');
    });
  }

  it('refuses overrides that would change the schedule or the batches, naming the field', async () => {
    const dir = tmp();
    await simulate(runs.scripted, { threads: 0, outDir: dir });
    await assert.rejects(replay(dir, { seed: 2 }), /seed: a replay keeps the recorded schedule/);
    await assert.rejects(replay(dir, { optimizer: { batchSize: 4 } }), /optimizer\.batchSize: a replay keeps/);
  });

  it('a folder that is not a run folder is an error naming the run folders inside it', async () => {
    const dir = tmp();
    await simulate(runs.scripted, { threads: 0, outDir: join(dir, 'results', 'one') });
    await assert.rejects(replay(join(dir, 'results')), new RegExp(`results is not a run folder \\(no config\\.json or events\\.csv\\); it holds 1 run folder, replay one of them: .*results/one$`));
    await assert.rejects(replay(join(dir, 'nowhere')), /nowhere: no such folder; expected a run folder/);
  });

  it('byzsim replay <run> <overrides.json> writes a new run folder with the same timing columns', async () => {
    const dir = tmp();
    await simulate(runs.latency, { threads: 0, outDir: join(dir, 'rec') });
    writeFileSync(join(dir, 'over.json'), JSON.stringify({ policy: { name: 'async-sgd' } }));
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'replay', join(dir, 'rec'), join(dir, 'over.json'), '-o', join(dir, 'out'), '-t', '0'], { encoding: 'utf8' });
    assert.match(stdout, /results in /);
    const [folder] = readdirSync(join(dir, 'out'));
    assert.match(folder, /^async-sgd-replay-of-rec-/);
    assert.equal(timingText(events(join(dir, 'out', folder))), timingText(events(join(dir, 'rec'))));
  });
});
