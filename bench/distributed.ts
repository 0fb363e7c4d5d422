/**
 * Distributed sweep throughput (not part of `npm test`): cells per minute of a local sweep vs a coordinator with
 * two `byzsim worker` processes on this machine, through a private redis-server, and the queue's overhead per
 * cell. Needs Debian's redis-server. Run: npm run bench:distributed [-- cells-per-seed steps]
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SweepSpec } from '../src/experiments/grid.js';
import { runSweep } from '../src/experiments/sweep.js';
import { runDistributedSweep } from '../src/distributed/coordinator.js';
import { CliProcess } from '../test/distributed/cli-process.js';
import { startRedis } from '../test/distributed/redis-server.js';

const seeds = Number(process.argv[2] ?? 6);
const steps = Number(process.argv[3] ?? 300);
const spec: SweepSpec = {
  name: 'bench',
  base: { task: { name: 'linreg', features: 20, samples: 2000, validationSize: 200, testSize: 200 }, workers: 8, byzantine: { attack: { name: 'sign-flip' } }, steps, evalEvery: 50 },
  grid: { policy: [{ name: 'async-sgd' }, { name: 'zeno++' }], 'byzantine.count': [0, 3] },
  seeds: Array.from({ length: seeds }, (_, i) => i + 1),
};
const cells = 4 * seeds;
const perMinute = (seconds: number) => ((cells / seconds) * 60).toFixed(1);

console.log(`# ${cells} linreg cells of ${steps} arrivals; load average at the start: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (2 vCPU)`);
const redis = await startRedis();
const workers: CliProcess[] = [];
try {
  let t = performance.now();
  const localDir = mkdtempSync(join(tmpdir(), 'byzsim-bench-local-'));
  await runSweep(spec, localDir, { threads: 0, concurrency: 2 });
  const local = (performance.now() - t) / 1000;
  console.log(`local sweep (--concurrency 2 --threads 0): ${local.toFixed(1)} s, ${perMinute(local)} cells/min`);

  for (let i = 0; i < 2; i++) workers.push(new CliProcess(['worker', '--queue', redis.url, '--concurrency', '1']));
  for (const w of workers) await w.waitFor('the worker to connect', (p) => /takes cells/.test(p.stdout), 120);
  // Warm the workers up (each starts its cell thread and loads the engine on its first cell, seconds under tsx),
  // as the local sweep's pools are warm after their first cell too: a few short cells of other seeds first.
  const warmUp: SweepSpec = { ...spec, base: { ...spec.base, steps: 20 }, seeds: [1001, 1002] };
  await runDistributedSweep(warmUp, mkdtempSync(join(tmpdir(), 'byzsim-bench-warm-')), { queue: redis.url, pollSeconds: 1 });
  console.log(`workers warmed up: ${workers.map((w) => w.lines('done').length).join(' and ')} short cells`);
  const distDir = mkdtempSync(join(tmpdir(), 'byzsim-bench-dist-'));
  t = performance.now();
  await runDistributedSweep(spec, distDir, { queue: redis.url, pollSeconds: 1 });
  const dist = (performance.now() - t) / 1000;
  console.log(`coordinator + 2 worker processes (--concurrency 1 each): ${dist.toFixed(1)} s, ${perMinute(dist)} cells/min`);
  const same = readFileSync(join(distDir, 'sweep.csv'), 'utf8') === readFileSync(join(localDir, 'sweep.csv'), 'utf8');
  console.log(`sweep.csv identical to the local one: ${same}`);

  // Queue overhead per cell, with one worker running one cell at a time: wall time not spent computing cells
  // (enqueueing, BullMQ's fetch and completion round trips, sending the files back, writing them).
  const flush = new Redis(redis.url);
  await flush.flushall();
  flush.disconnect();
  await workers.pop()!.stop('SIGTERM');
  const [w] = workers;
  const before = w.lines('done').length;
  t = performance.now();
  await runDistributedSweep(spec, mkdtempSync(join(tmpdir(), 'byzsim-bench-dist1-')), { queue: redis.url, pollSeconds: 1 });
  const one = (performance.now() - t) / 1000;
  const busy = w.lines('done').slice(before).map((l) => Number(/in ([\d.]+) s$/.exec(l)![1])).reduce((a, b) => a + b, 0);
  console.log(`coordinator + 1 worker (--concurrency 1): ${one.toFixed(1)} s, ${perMinute(one)} cells/min; cells computed ${busy.toFixed(1)} s`);
  console.log(`queue overhead: ${(((one - busy) / cells) * 1000).toFixed(0)} ms per cell (wall − compute, over cells)`);
  console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
} finally {
  await Promise.all(workers.map((w) => w.stop('SIGTERM')));
  await redis.stop();
}
