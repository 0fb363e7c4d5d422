import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { SweepSpec } from '../../src/experiments/sweep-spec.js';
import { planSweep, runSweep } from '../../src/experiments/sweep.js';
import { CELL_QUEUE, cellJobId } from '../../src/distributed/cell-job.js';
import { runDistributedSweep } from '../../src/distributed/coordinator.js';
import { redisOptions } from '../../src/distributed/redis-connection.js';
import { startCellWorker } from '../../src/distributed/worker.js';
import { startDashboard } from '../../src/distributed/dashboard.js';
import { Registries } from '../../src/config/registries.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { slowFlip } from '../fixtures/extension/slow-flip-attack.js';
import { CliProcess } from './cli-process.js';
import { freePort, startRedis, type TestRedis } from './redis-server.js';

const task = { name: 'linreg', features: 3, samples: 400, validationSize: 40, testSize: 40 };
const LOCK_SECONDS = 1.5;
/** A cell that computes for seconds (a 5,000-feature regression), longer than the workers' job locks last. */
const heavyTask = { name: 'linreg', features: 5000, samples: 2000, validationSize: 200, testSize: 200 };
/** Tiny cells; with `heavy`, eight of them, the last one heavy. */
const spec = (heavy: boolean): SweepSpec =>
  heavy
    ? {
        name: 'dist',
        base: { workers: 4, byzantine: { attack: { name: 'sign-flip' }, count: 2 }, policy: { name: 'zeno++', validationBatch: 8 }, steps: 2000, evalEvery: 500 },
        grid: { task: [...[300, 310, 320, 330, 340, 350, 360].map((samples) => ({ ...task, samples })), heavyTask] },
        seeds: [1],
      }
    : {
        name: 'dist',
        base: { task, workers: 4, byzantine: { attack: { name: 'sign-flip' } }, steps: 40, evalEvery: 10 },
        grid: { policy: [{ name: 'async-sgd' }, { name: 'zeno++', validationBatch: 8 }], 'byzantine.count': [0, 2] },
        seeds: [1],
      };
const fresh = () => mkdtempSync(join(tmpdir(), 'byzsim-dist-'));
const localRuns = new Map<string, string>();
/** The local sweep of a spec (run once per spec): the reference every distributed run must match. */
async function local(s: SweepSpec): Promise<string> {
  const key = JSON.stringify(s);
  if (!localRuns.has(key)) {
    const dir = fresh();
    await runSweep(s, dir, { threads: 0, concurrency: 2 });
    localRuns.set(key, dir);
  }
  return localRuns.get(key)!;
}
/** Same CSV byte for byte, and same cell folders (summary.json up to its wall-time fields). */
function assertSameSweep(dir: string, reference: string): void {
  assert.equal(readFileSync(join(dir, 'sweep.csv'), 'utf8'), readFileSync(join(reference, 'sweep.csv'), 'utf8'));
  const cells = readdirSync(join(reference, 'cells')).sort();
  assert.deepEqual(readdirSync(join(dir, 'cells')).sort(), cells);
  for (const cell of cells) {
    for (const f of readdirSync(join(reference, 'cells', cell))) {
      const [a, b] = [join(dir, 'cells', cell, f), join(reference, 'cells', cell, f)].map((p) => readFileSync(p, 'utf8'));
      if (f === 'summary.json') assert.deepEqual({ ...JSON.parse(a), wall: 0 }, { ...JSON.parse(b), wall: 0 }, `${cell}/${f}`);
      else assert.equal(a, b, `${cell}/${f}`);
    }
  }
}

describe('distributed sweeps (BullMQ on a real redis-server)', function () {
  this.timeout(120_000);
  let redis: TestRedis;
  let queue: Queue;
  const processes: CliProcess[] = [];
  const cli = (...args: string[]) => {
    const p = new CliProcess(args);
    processes.push(p);
    return p;
  };

  before(async () => {
    redis = await startRedis();
    queue = new Queue(CELL_QUEUE, { connection: redisOptions(redis.url) });
    // While a test restarts Redis: without a listener, BullMQ prints every failed reconnection.
    queue.on('error', () => {});
  });
  beforeEach(async () => {
    const client = new Redis(redis.url);
    await client.flushall();
    client.disconnect();
  });
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
  });
  after(async () => {
    await queue?.close();
    await redis?.stop();
  });

  it('a coordinator and two worker processes write the local sweep, even when one worker is SIGKILLed mid-cell', async () => {
    const s = spec(true);
    const specFile = join(fresh(), 'spec.json');
    writeFileSync(specFile, JSON.stringify(s));
    const out = join(fresh(), 'out');
    const workerArgs = ['worker', '--queue', redis.url, '--concurrency', '1', '--stall-seconds', String(LOCK_SECONDS)];
    const [a, b] = [cli(...workerArgs), cli(...workerArgs)];
    const coordinator = cli('sweep', specFile, '--queue', redis.url, '--out', out);
    // Kill worker a as soon as it has taken a cell (a cell's thread takes far longer than this to even start).
    await a.waitFor('worker a to start a cell', (p) => p.lines('start').length > 0, 60);
    const killedId = a.lines('start')[0].split(' ')[1];
    a.child.kill('SIGKILL');
    assert.equal(await coordinator.ended(), 0, coordinator.stderr);
    assert.match(coordinator.stdout, /8 cells: 0 already done, 8 run, 0 failed/);
    assert.equal(a.lines('start').length, 1);
    assertSameSweep(out, await local(s));

    const jobs = await Promise.all(
      planSweep(s).cells.map(async (c) => (await queue.getJob(cellJobId(c.config)))!),
    );
    const killed = jobs.find((j) => j.id!.startsWith(killedId))!;
    // The killed cell stalled once and was finished by the other worker.
    assert.equal(killed.stalledCounter, 1);
    assert.equal(killed.attemptsStarted, 2);
    const bName = /worker (\S+) takes cells/.exec(b.stdout)![1];
    assert.equal(killed.processedBy, bName);
    // Every other cell, including the heavy one that computes for longer than a lock lasts, ran exactly once:
    // locks were renewed while cells computed, so no other job stalled.
    for (const j of jobs.filter((x) => x !== killed)) assert.deepEqual([j.name, j.stalledCounter, j.attemptsStarted], [j.name, 0, 1]);
    assert.ok(b.lines('done').some((l) => l.includes(killedId)));
    // The heavy cell did outlast a lock (so the check above means something).
    const heavyId = cellJobId(resolveConfig({ ...s.base, task: heavyTask }));
    const heavyLine = [...a.lines('done'), ...b.lines('done')].find((l) => heavyId.startsWith(l.split(' ')[1]))!;
    assert.ok(Number(/in ([\d.]+) s$/.exec(heavyLine)![1]) > LOCK_SECONDS, heavyLine);
    assert.match(coordinator.stdout, new RegExp(`workers seen: .*${bName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(coordinator.stderr, /dist: 8\/8 cells done, 0 running, 0 failed, 2 workers seen/);
  });

  it('a coordinator killed and started again collects what finished meanwhile and runs nothing twice', async () => {
    const s = spec(false);
    const specFile = join(fresh(), 'spec.json');
    writeFileSync(specFile, JSON.stringify(s));
    const out = join(fresh(), 'out');
    const first = cli('sweep', specFile, '--queue', redis.url, '--out', out);
    await first.waitFor('the cells to be queued', (p) => /0\/4 cells done/.test(p.stderr), 60);
    const starts: string[] = [];
    const done: string[] = [];
    const worker = await startCellWorker(redis.url, { concurrency: 1, onCell: (e) => (e.kind === 'start' ? starts : done).push(e.id) });
    try {
      await first.waitFor('a first cell collected', (p) => /[1-3]\/4 cells done/.test(p.stderr), 60);
      first.child.kill('SIGKILL');
      await first.ended();
      // The same command again (in this process: the CLI only prints what runDistributedSweep returns).
      const again = await runDistributedSweep(s, out, { queue: redis.url, pollSeconds: 0.5 });
      assert.ok(again.skipped >= 1 && again.skipped + again.ran === 4 && again.failed === 0, JSON.stringify(again));
      assert.deepEqual([starts.length, done.length], [4, 4]);
      assertSameSweep(out, await local(s));
    } finally {
      await worker.close();
    }
  });

  it('resubmitting a sweep into another folder collects the finished jobs instead of running them again; the dashboard shows them', async () => {
    const s = spec(false);
    const starts: string[] = [];
    const worker = await startCellWorker(redis.url, { concurrency: 2, onCell: (e) => e.kind === 'start' && starts.push(e.id) });
    try {
      const one = await runDistributedSweep(s, fresh(), { queue: redis.url, pollSeconds: 0.5 });
      const two = await runDistributedSweep(s, fresh(), { queue: redis.url, pollSeconds: 0.5 });
      assert.deepEqual([one.ran, two.ran, starts.length], [4, 4, 4]);
      assert.equal(readFileSync(two.csv, 'utf8'), readFileSync(join(await local(s), 'sweep.csv'), 'utf8'));
      // The dashboard (bull-board) shows the queue with its four finished cells.
      const board = await startDashboard(redis.url, { port: 0 });
      try {
        const { queues } = (await (await fetch(`${board.url}api/queues`)).json()) as { queues: Array<{ name: string; counts: Record<string, number> }> };
        assert.deepEqual([queues[0].name, queues[0].counts.completed, queues[0].counts.failed], [CELL_QUEUE, 4, 0]);
        assert.match(await (await fetch(board.url)).text(), /<title>byzsim cells<\/title>/);
      } finally {
        await board.close();
      }
    } finally {
      await worker.close();
    }
  });

  it('records a cell that fails on its worker (error.json, failed row) and goes on', async () => {
    // tfjs-node cannot load here, so the cell that asks for it fails when its compute starts.
    const s: SweepSpec = { ...spec(false), grid: { backend: ['cpu', 'tensorflow'] } };
    const worker = await startCellWorker(redis.url, { concurrency: 2 });
    try {
      const out = fresh();
      const r = await runDistributedSweep(s, out, { queue: redis.url, pollSeconds: 0.5 });
      assert.deepEqual([r.ran, r.failed], [1, 1]);
      const failedCell = join(out, 'cells', cellJobId(resolveConfig({ ...s.base, backend: 'tensorflow' })).slice(0, 16));
      assert.match(JSON.parse(readFileSync(join(failedCell, 'error.json'), 'utf8')).error, /tensorflow/);
      assert.equal(readFileSync(r.csv, 'utf8'), readFileSync(join(await local(s), 'sweep.csv'), 'utf8'));
      assert.match(readFileSync(r.csv, 'utf8'), /,failed,/);
    } finally {
      await worker.close();
    }
  });

  it('a Redis restarted empty mid-sweep: the coordinator says so once, adds the lost jobs again and ends with the local sweep', async () => {
    const s = spec(true);
    const specFile = join(fresh(), 'spec.json');
    writeFileSync(specFile, JSON.stringify(s));
    const out = join(fresh(), 'out');
    const done: string[] = [];
    const warnings: string[] = [];
    const worker = await startCellWorker(redis.url, { concurrency: 2, onCell: (e) => e.kind === 'done' && done.push(e.id), onError: (e) => warnings.push(e.message) });
    try {
      const coordinator = cli('sweep', specFile, '--queue', redis.url, '--out', out);
      await coordinator.waitFor('a first cell collected', (p) => /[1-7]\/8 cells done/.test(p.stderr), 90);
      await redis.restart(3);
      assert.equal(await coordinator.ended(), 0, coordinator.stderr);
      assert.match(coordinator.stdout, /8 cells: 0 already done, 8 run, 0 failed/);
      assertSameSweep(out, await local(s));
      // One note when Redis goes and one when it is back, naming the URL; none of BullMQ's raw error dumps.
      const url = redis.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      assert.equal(coordinator.stderr.match(new RegExp(`lost Redis at ${url} \\(.+\\); reconnecting`, 'g'))?.length, 1, coordinator.stderr);
      assert.match(coordinator.stderr, new RegExp(`Redis at ${url} is back`));
      assert.doesNotMatch(coordinator.stderr, /^\s+at /m);
      // The worker was connected before the coordinator started: its first line says so (no "no worker connected").
      assert.match(coordinator.stderr.split('\n')[0], /^dist: 0\/8 cells done, 0 running, 0 failed, 1 workers seen \(1 connected\)$/);
      // The cells collected before the restart are not run again; the worker lost its queue meanwhile, and said so.
      assert.ok(done.length >= 8, `${done.length} cells done`);
      assert.ok(warnings.some((w) => w.includes(redis.url)), warnings.join('\n'));
    } finally {
      await worker.close();
    }
  });

  it('names registered from code: the coordinator and the workers import their module (--import); a worker without it fails the cell saying so', async () => {
    const fixture = 'test/fixtures/extension/register-slow-flip.ts';
    const s: SweepSpec = { ...spec(false), base: { ...spec(false).base, byzantine: { count: 1, attack: { name: 'slow-flip' } } }, grid: { policy: [{ name: 'async-sgd' }, { name: 'zeno++', validationBatch: 8 }] } };
    const specFile = join(fresh(), 'spec.json');
    writeFileSync(specFile, JSON.stringify(s));
    const [reference, out] = [join(fresh(), 'local'), join(fresh(), 'out')];
    // A module that registers nothing is refused; the reference is the local sweep with the name registered.
    const nothing = cli('list', '--import', 'test/fixtures/extension/slow-flip-attack.ts');
    await runSweep(s, reference, { threads: 0, concurrency: 2, registries: new Registries().registerAttack('slow-flip', slowFlip) });
    assert.equal(await nothing.ended(), 2);
    assert.match(nothing.stderr, /--import test\/fixtures\/extension\/slow-flip-attack\.ts: the module registered nothing/);

    const unaware = await startCellWorker(redis.url, { concurrency: 2 });
    try {
      const first = cli('sweep', specFile, '--queue', redis.url, '--out', out, '--import', fixture);
      assert.equal(await first.ended(), 1, first.stderr);
      const cells = readdirSync(join(out, 'cells'));
      assert.equal(cells.length, 2);
      for (const cell of cells) {
        const { error } = JSON.parse(readFileSync(join(out, 'cells', cell, 'error.json'), 'utf8')) as { error: string };
        assert.match(error, /unknown attack "slow-flip".*byzsim worker --import <module>/);
      }
    } finally {
      await unaware.close();
    }
    const aware = await startCellWorker(redis.url, { concurrency: 2, modules: [fixture] });
    try {
      // The same command again retries the failed cells, now on a worker that imports the module.
      const again = cli('sweep', specFile, '--queue', redis.url, '--out', out, '--import', fixture);
      assert.equal(await again.ended(), 0, again.stderr);
      assert.match(again.stdout, /2 cells: 0 already done, 2 run, 0 failed/);
      assertSameSweep(out, reference);
    } finally {
      await aware.close();
    }
  });

  it('says within seconds that Redis cannot be reached, naming the URL, and writes nothing', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const specFile = join(fresh(), 'spec.json');
    writeFileSync(specFile, JSON.stringify(spec(false)));
    const out = join(fresh(), 'out');
    const started = Date.now();
    const sweep = cli('sweep', specFile, '--queue', url, '--out', out);
    assert.equal(await sweep.ended(), 3);
    assert.match(sweep.stderr, new RegExp(`error: cannot reach Redis at ${url}: .*ECONNREFUSED`));
    await assert.rejects(startCellWorker(url), new RegExp(`cannot reach Redis at ${url}: .*ECONNREFUSED`));
    assert.ok(Date.now() - started < 20_000, 'took too long to give up');
    assert.equal(existsSync(out), false);
    await assert.rejects(runDistributedSweep(spec(false), out, { queue: 'http://x' }), /expected a redis:\/\/ or rediss:\/\/ URL/);
  });
});
