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
