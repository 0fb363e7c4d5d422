#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { ConfigError, InputError } from '../core/errors.js';
import { resolveConfig } from '../config/resolve.js';
import type { RunConfig } from '../config/schema.js';
import { catalogue } from '../experiments/catalogue.js';
import { defaultStudy } from '../experiments/default-study.js';
import { checkOutputFolder } from '../experiments/output-folder.js';
import { runFolderName } from '../experiments/results.js';
import { simulate } from '../experiments/simulate.js';
import { runStudy } from '../experiments/study.js';
import { planSweep, runSweep } from '../experiments/sweep.js';
import { writeReport } from '../experiments/report.js';
import { importUserModules } from '../experiments/user-modules.js';
import { startDashboard } from '../distributed/dashboard.js';
import { runDistributedSweep } from '../distributed/coordinator.js';
import { QueueError } from '../distributed/queue-error.js';
import { safeUrl } from '../distributed/redis-connection.js';
import { startCellWorker } from '../distributed/worker.js';
import { handleInterrupts, stopWithNpmParent } from './interrupt.js';
import { replayConfig } from '../experiments/replay.js';
import { progressBar } from './progress.js';
import { sourceMappedStack } from './source-stack.js';
import { queueProgress } from './queue-progress.js';
import { nonFiniteWarnings, summaryTable } from './table.js';

handleInterrupts();
stopWithNpmParent();

const cores = availableParallelism();
/**
 * More threads than cores cannot run at once; each pool thread also loads its own copy of the task's data and
 * of its backend (the engine or tfjs). Twice the cores leaves room for threads waiting on I/O; beyond that only memory and contention grow.
 */
const maxThreads = 2 * cores;

const wholeNumber = (min: number, max: number, what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}${what}, got ${v}`);
  return n;
};
const threadsOption = wholeNumber(
  0,
  maxThreads,
  ` (0 = inline, no pool; at most twice this machine's ${cores} cores: more threads cannot run at once and each loads its own copy of the data and tfjs)`,
);
const concurrencyOption = wholeNumber(1, 4 * cores, ` (cells held in memory at once; at most 4 × ${cores} cores)`);
const portOption = wholeNumber(0, 65535, ' (0 = any free port)');
const secondsOption = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number of seconds > 0, got ${v}`);
  return n;
};
const seedsOption = (v: string) => {
  const seeds = v.split(',').map((s) => Number(s.trim()));
  if (seeds.some((s) => !Number.isSafeInteger(s) || s < 0)) throw new InvalidArgumentError(`expected seeds ≥ 0, comma-separated (1 or 1,2,3), got ${v}`);
  if (new Set(seeds).size !== seeds.length) throw new InvalidArgumentError(`expected distinct seeds, got ${v}`);
  return seeds;
};

/** `--import <module>`, repeatable: modules that register the user's own names (see importUserModules). */
const importOption = ['--import <module>', 'a module that registers your own tasks, rules, attacks or timing models when imported (repeatable; .ts needs tsx)'] as const;
const collect = (v: string, all: string[]) => [...all, v];

async function readJson(path: string | undefined, what: string): Promise<unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a JSON file' : (e as Error).message;
    throw new InputError(`cannot read ${what} ${path}: ${why}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError([{ path: '', message: `${path} is not valid JSON: ${(e as Error).message}` }]);
  }
}

/** What `steps` counts in these runs: arrivals (async), rounds (sync), or steps when both modes are present. */
const stepUnit = (configs: readonly RunConfig[]) => {
  const modes = new Set(configs.map((c) => c.mode));
  return modes.size > 1 ? 'steps' : modes.has('sync') ? 'rounds' : 'arrivals';
};

/** One line on stderr before a run starts: what it is and how big. */
const announce = (configs: readonly RunConfig[], threads: number | undefined) => {
  const steps = configs.reduce((s, c) => s + c.steps, 0);
  const tasks = [...new Set(configs.map((c) => c.task.name))].join(', ');
  const pool = threads === 0 ? 'inline (no pool)' : `${threads ?? cores} pool thread(s)`;
  process.stderr.write(`${configs.length} run(s), ${steps.toLocaleString('en')} ${stepUnit(configs)} in all, ${tasks}, ${pool}; Ctrl-C stops without leaving partial folders\n`);
};

const program = new Command('byzsim')
  .description('Deterministic simulator of Byzantine-tolerant asynchronous SGD (Zeno++ and friends)')
  .showHelpAfterError()
  // Usage errors (a bad option value) exit 2, like config errors; commander has printed them already.
  .exitOverride();

program
  .command('run')
  .description('run one config (JSON file; omitted = all defaults) and write its results folder')
  .argument('[config]', 'path to a config JSON file')
  .option('-t, --threads <n>', `pool threads (0 = inline, no pool; at most ${maxThreads}); default: the machine cores`, threadsOption)
  .option('-o, --out <dir>', 'results root folder', 'results')
  .option(...importOption, collect, [])
  .action(async (path: string | undefined, opts: { threads?: number; out: string; import: string[] }) => {
    await importUserModules(opts.import);
    const config = resolveConfig(await readJson(path, 'config'));
    const dir = join(opts.out, runFolderName(config));
    await checkOutputFolder(dir);
    announce([config], opts.threads);
    const bar = progressBar(config.name ?? 'run', stepUnit([config]));
    const result = await simulate(config, { threads: opts.threads, outDir: dir, onProgress: bar.update }).finally(bar.stop);
    console.log(summaryTable([result.summary]));
    for (const w of nonFiniteWarnings([result.summary])) console.error(w);
    console.log(`backend ${result.summary.backend}; results in ${dir}`);
  });

program
  .command('study', { isDefault: false })
  .description('the default study: MNIST MLP, 10 workers, 6/10 sign-flip x10, async SGD vs Zeno++ (with and without attack)')
  .option('-t, --threads <n>', `pool threads (0 = inline, no pool; at most ${maxThreads}); default: the machine cores`, threadsOption)
  .option('-o, --out <dir>', 'results folder', join('results', 'default-study'))
  .option('-s, --seed <seeds>', 'seed(s) of every run, e.g. 1 or 1,2,3 (one run per config and seed)', seedsOption, [1])
  .action(async (opts: { threads?: number; out: string; seed: number[] }) => {
    const configs = opts.seed.flatMap((seed) => defaultStudy(seed)).map((c) => resolveConfig(c));
    await checkOutputFolder(opts.out);
    announce(configs, opts.threads);
    const bar = progressBar('default study', stepUnit(configs));
    const results = await runStudy(configs, { threads: opts.threads, outDir: opts.out, onProgress: bar.update, onNote: bar.note }).finally(bar.stop);
    console.log(summaryTable(results.map((r) => r.summary)));
    for (const w of nonFiniteWarnings(results.map((r) => r.summary))) console.error(w);
    console.log(`backend ${results[0].summary.backend}; one folder per run and study.csv in ${opts.out}`);
  });

program
  .command('sweep')
  .description('run a grid of configs (resumable: finished cells are skipped) and write sweep.csv')
  .argument('<sweep>', 'sweep JSON: { "name", "base": config, "grid": { "path.to.field": [values] }, "seeds": [..] }')
  .option('-o, --out <dir>', 'sweep folder (default: results/sweeps/<name>)')
  .option('-c, --concurrency <n>', 'cells run at once; default: the machine cores', concurrencyOption)
  .option('-t, --threads <n>', `pool threads (0 = inline; at most ${maxThreads}); default: the machine cores`, threadsOption)
  .option('-q, --queue <url>', 'run the cells on `byzsim worker` processes through Redis at this URL (redis://host:port); see docs/distributed.md')
  .option(...importOption, collect, [])
  .action(async (path: string, opts: { out?: string; concurrency?: number; threads?: number; queue?: string; import: string[] }) => {
    await importUserModules(opts.import);
    const plan = planSweep(await readJson(path, 'sweep'));
    const name = plan.spec.name ?? basename(path, extname(path));
    const out = opts.out ?? join('results', 'sweeps', name);
    await checkOutputFolder(out);
    if (opts.queue !== undefined) {
      if (opts.concurrency !== undefined || opts.threads !== undefined) {
        throw new InputError('--concurrency and --threads belong to each `byzsim worker` when the sweep runs on a --queue');
      }
      const progress = queueProgress(name);
      const r = await runDistributedSweep(plan.spec, out, { queue: opts.queue, onProgress: progress.update, onNote: progress.note }).finally(progress.stop);
      console.log(`${r.total} cells: ${r.skipped} already done, ${r.ran} run, ${r.failed} failed; ${r.csv}`);
      if (r.workersSeen.length > 0) console.log(`workers seen: ${r.workersSeen.join(', ')}`);
      if (r.failed > 0) process.exitCode = 1;
      return;
    }
    announce(plan.cells.map((c) => c.config), opts.threads);
    const bar = progressBar(name, stepUnit(plan.cells.map((c) => c.config)));
    const r = await runSweep(plan.spec, out, {
      concurrency: opts.concurrency,
      threads: opts.threads,
      onProgress: bar.update,
      onNote: bar.note,
    }).finally(bar.stop);
    console.log(`${r.total} cells: ${r.skipped} already done, ${r.ran} run, ${r.failed} failed; ${r.csv}`);
    if (r.failed > 0) process.exitCode = 1;
  });

program
  .command('worker')
  .description('run sweep cells from a queue (Redis) until stopped; start any number, on any machines')
  .requiredOption('-q, --queue <url>', 'the Redis URL the coordinator (`byzsim sweep --queue`) uses, e.g. redis://10.0.0.5:6379')
  .option('-c, --concurrency <n>', 'cells run at once, each on its own thread; default: the machine cores', concurrencyOption)
  .option('-t, --threads <n>', `pool threads of each running cell (0 = inline on its thread; at most ${maxThreads})`, threadsOption, 0)
  .option('--stall-seconds <s>', "a dead worker's cell goes to another worker after about this long", secondsOption, 30)
  .option(importOption[0], 'a module that registers your own tasks, rules, attacks or timing models, imported by every cell thread (repeatable; the same modules as the coordinator)', collect, [])
  .action(async (opts: { queue: string; concurrency?: number; threads: number; stallSeconds: number; import: string[] }) => {
    const short = (id: string) => id.slice(0, 16);
    // Imported here first, so a module that fails stops the worker before it takes any cell.
    const modules = await importUserModules(opts.import);
    // BullMQ reports each failed reconnection: say it once, until something else happens.
    let lastWarning = '';
    const worker = await startCellWorker(opts.queue, {
      concurrency: opts.concurrency,
      threads: opts.threads,
      stallSeconds: opts.stallSeconds,
      modules,
      onCell: (e) => {
        lastWarning = '';
        if (e.kind === 'start') console.log(`start ${short(e.id)} ${e.name}`);
        else if (e.kind === 'done') console.log(`done ${short(e.id)} ${e.name} in ${e.seconds.toFixed(2)} s`);
        else console.log(`failed ${short(e.id)} ${e.name} after ${e.seconds.toFixed(2)} s: ${e.error}`);
      },
      onError: (e) => {
        if (e.message !== lastWarning) console.error(`warning: ${e.message}`);
        lastWarning = e.message;
      },
    });
    const imports = opts.import.length > 0 ? `, importing ${opts.import.join(', ')}` : '';
    console.log(`worker ${worker.name} takes cells from ${safeUrl(opts.queue)} (concurrency ${opts.concurrency ?? cores}, threads ${opts.threads}${imports}); Ctrl-C to stop`);
    // A worker leaves nothing partial on disk, so it stops its own way: the first signal lets the running cells
    // finish and send their results; a second one quits at once (those cells then go to other workers).
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    for (const s of signals) process.removeAllListeners(s);
    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        for (const s of signals) process.removeAllListeners(s).once(s, () => process.exit(128 + (s === 'SIGHUP' ? 1 : s === 'SIGINT' ? 2 : 15)));
        console.log(`${signal}: finishing the running cells, then stopping (${signal} again to quit now)`);
        worker.close().then(resolve, resolve);
      };
      for (const s of signals) process.once(s, stop);
    });
    console.log(`worker ${worker.name} stopped`);
  });

program
  .command('dashboard')
  .description("serve a web dashboard (bull-board) of the cell queue: jobs by state, each job's config, worker, result or error")
  .requiredOption('-q, --queue <url>', 'the Redis URL of the sweep, e.g. redis://10.0.0.5:6379')
  .option('-p, --port <n>', 'port to listen on', portOption, 3000)
  .option('--host <address>', 'interface to listen on (0.0.0.0 to reach it from other machines)', '127.0.0.1')
  .action(async (opts: { queue: string; port: number; host: string }) => {
    const board = await startDashboard(opts.queue, { port: opts.port, host: opts.host });
    console.log(`dashboard of ${safeUrl(opts.queue)} at ${board.url} (Ctrl-C to stop)`);
  });

program
  .command('replay')
  .description('re-run a run folder on its recorded schedule (pull/push times, workers, Byzantine flags, batches) with overrides, and write a new run folder')
  .argument('<run>', 'a run folder (config.json and events.csv)')
  .argument('[overrides]', 'JSON merged into the recorded config, e.g. {"policy": {"name": "kardam"}}')
  .option('-t, --threads <n>', `pool threads (0 = inline, no pool; at most ${maxThreads}); default: the machine cores`, threadsOption)
  .option('-o, --out <dir>', 'results root folder', 'results')
  .option(...importOption, collect, [])
  .action(async (run: string, path: string | undefined, opts: { threads?: number; out: string; import: string[] }) => {
    await importUserModules(opts.import);
    const config = await replayConfig(run, await readJson(path, 'overrides'));
    const dir = join(opts.out, runFolderName(config));
    await checkOutputFolder(dir);
    announce([config], opts.threads);
    const bar = progressBar(config.name ?? 'replay', stepUnit([config]));
    const result = await simulate(config, { threads: opts.threads, outDir: dir, onProgress: bar.update }).finally(bar.stop);
    console.log(summaryTable([result.summary]));
    for (const w of nonFiniteWarnings([result.summary])) console.error(w);
    console.log(`backend ${result.summary.backend}; results in ${dir}`);
  });

program
  .command('report')
  .description('write report.md and report.html (charts as SVG and PNG) for a run, study or sweep folder')
  .argument('<dir>', 'a results folder')
  .action(async (dir: string) => {
    const { files, notes } = await writeReport(dir);
    for (const n of notes) console.error(n);
    console.log(`wrote ${files.length} files: ${join(dir, 'report.md')}, ${join(dir, 'report.html')} and the charts`);
  });

program
  .command('list')
  .description('the catalogue of tasks, policies and attacks with their parameters and defaults')
  .option(...importOption, collect, [])
  .action(async (opts: { import: string[] }) => {
    await importUserModules(opts.import);
    console.log(catalogue());
  });

/** File-system errors a user can fix (a path that is missing, a file where a folder should be, no space...). */
const userFsErrors = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES', 'EPERM', 'EEXIST', 'ENOSPC', 'EROFS', 'EMFILE']);

try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else if (e instanceof ConfigError) {
    console.error(`config error:\n${e.issues.map((i) => `  ${i.path || '(config)'}: ${i.message}`).join('\n')}`);
    if (e.issues.some((i) => /^unknown (?!parameter)/.test(i.message))) console.error('a name of your own? load the module that registers it with --import <module>');
    process.exitCode = 2;
  } else if (e instanceof QueueError) {
    console.error(`error: ${e.message}`);
    process.exitCode = 3;
  } else if (e instanceof InputError || userFsErrors.has((e as NodeJS.ErrnoException)?.code ?? '')) {
    console.error(`error: ${(e as Error).message}`);
    process.exitCode = 2;
  } else {
    // A bug, not a usage problem: the stack helps (at byzsim's TypeScript lines), the source of minified dependencies does not.
    console.error(`internal error: ${e instanceof Error ? sourceMappedStack(e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  }
}
