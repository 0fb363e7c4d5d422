// A counterfactual on a recorded schedule: replay a Zeno++ run with the cosine filter, under mocha (from the
// repository root): npx mocha --no-config --node-option import=tsx examples/testing/cosine-replay.mocha.test.ts
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayConfig, simulate } from 'byzsim';
import { scenario } from 'byzsim/testing';
import './cosine-filter.js';

it('cosine rejects the sign-flipped gradient that Zeno++ let through, on the same schedule', async () => {
  const folder = join(mkdtempSync(join(tmpdir(), 'byzsim-')), 'zeno');
  const config = { task: 'linreg', workers: 4, steps: 40, seed: 1, byzantine: { count: 1, attack: { name: 'sign-flip', scale: 3 } }, timing: { model: 'latency' } } as const;
  const zeno = await simulate({ ...config, policy: { name: 'zeno++' } }, { threads: 0, outDir: folder });
  const cosine = await scenario(await replayConfig(folder, { policy: { name: 'cosine' } }));
  const when = (r: { time: number; worker: number; byzantine: boolean; pulledAt: number }) => [r.time, r.worker, r.byzantine, r.pulledAt];
  assert.deepEqual(cosine.arrivals.map(when), zeno.records.map(when)); // the recorded schedule, arrival by arrival
  assert.deepEqual(zeno.records.filter((r) => r.byzantine && r.decision.accepted).map((r) => r.arrival), [21]);
  assert.equal(cosine.arrivals[21]!.decision.accepted, false);
});
