#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { resolveConfig } from '../config/resolve.js';
import { catalogue } from '../experiments/catalogue.js';
import { defaultStudy } from '../experiments/default-study.js';
import { runFolderName } from '../experiments/run-folder.js';
import { simulate } from '../experiments/simulate.js';
import { runStudy, writeStudyTable } from '../experiments/study.js';
import type { SweepSpec } from '../experiments/grid.js';
import { runSweep } from '../experiments/sweep.js';
import { writeReport } from '../experiments/report.js';
import { progressBar } from './progress.js';
import { summaryTable } from './table.js';

const threadsOption = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0 (0 = inline, no pool)');
  return n;
};

async function readConfig(path: string | undefined): Promise<unknown> {
  if (!path) return {};
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError([{ path: '', message: `${path} is not valid JSON: ${(e as Error).message}` }]);
  }
}

const program = new Command('byzsim')
  .description('Deterministic simulator of Byzantine-tolerant asynchronous SGD (Zeno++ and friends)')
  .showHelpAfterError();

program
  .command('run')
  .description('run one config (JSON file; omitted = all defaults) and write its results folder')
  .argument('[config]', 'path to a config JSON file')
  .option('-t, --threads <n>', 'pool threads (0 = inline, no pool); default: the machine cores', threadsOption)
  .option('-o, --out <dir>', 'results root folder', 'results')
  .action(async (path: string | undefined, opts: { threads?: number; out: string }) => {
    const config = resolveConfig(await readConfig(path));
    const dir = join(opts.out, runFolderName(config));
    const bar = progressBar(config.name ?? 'run');
    const result = await simulate(config, { threads: opts.threads, outDir: dir, onProgress: bar.update }).finally(bar.stop);
    console.log(summaryTable([result.summary]));
    console.log(`backend ${result.summary.backend}; results in ${dir}`);
  });

program
  .command('study', { isDefault: false })
  .description('the default study: MNIST MLP, 10 workers, 6/10 sign-flip x10, async SGD vs Zeno++ (with and without attack)')
  .option('-t, --threads <n>', 'pool threads (0 = inline, no pool); default: the machine cores', threadsOption)
  .option('-o, --out <dir>', 'results folder', join('results', 'default-study'))
  .option('-s, --seed <n>', 'seed of every run', threadsOption, 1)
  .action(async (opts: { threads?: number; out: string; seed: number }) => {
    const configs = defaultStudy(opts.seed);
    const bar = progressBar('default study');
    const results = await runStudy(configs, { threads: opts.threads, outDir: opts.out, onProgress: bar.update }).finally(bar.stop);
    await writeStudyTable(opts.out, results);
    console.log(summaryTable(results.map((r) => r.summary)));
    console.log(`backend ${results[0].summary.backend}; one folder per run and study.csv in ${opts.out}`);
  });

program
  .command('sweep')
  .description('run a grid of configs (resumable: finished cells are skipped) and write sweep.csv')
  .argument('<sweep>', 'sweep JSON: { "name", "base": config, "grid": { "path.to.field": [values] }, "seeds": [..] }')
  .option('-o, --out <dir>', 'sweep folder (default: results/sweeps/<name>)')
  .option('-c, --concurrency <n>', 'cells run at once; default: the machine cores', threadsOption)
  .option('-t, --threads <n>', 'pool threads (0 = inline); default: the machine cores', threadsOption)
  .action(async (path: string, opts: { out?: string; concurrency?: number; threads?: number }) => {
    const spec = (await readConfig(path)) as SweepSpec;
    const out = opts.out ?? join('results', 'sweeps', spec.name ?? basename(path, extname(path)));
    const bar = progressBar(spec.name ?? 'sweep', 'cells');
    const r = await runSweep(spec, out, { concurrency: opts.concurrency, threads: opts.threads, onProgress: bar.update }).finally(bar.stop);
    console.log(`${r.total} cells: ${r.skipped} already done, ${r.ran} run, ${r.failed} failed; ${r.csv}`);
    if (r.failed > 0) process.exitCode = 1;
  });

program
  .command('report')
  .description('write report.md and report.html (charts as SVG and PNG) for a run, study or sweep folder')
  .argument('<dir>', 'a results folder')
  .action(async (dir: string) => {
    const files = await writeReport(dir);
    console.log(`wrote ${files.length} files: ${join(dir, 'report.md')}, ${join(dir, 'report.html')} and the charts`);
  });

program
  .command('list')
  .description('the catalogue of tasks, policies and attacks with their parameters and defaults')
  .action(() => console.log(catalogue()));

try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`config error:\n${e.issues.map((i) => `  ${i.path || '(config)'}: ${i.message}`).join('\n')}`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
